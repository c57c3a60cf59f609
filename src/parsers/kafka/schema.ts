import type { WireReader, WireWriter } from './wire.ts';

/**
 * Message layouts as data, in the shape of Kafka's own message definitions: each field has a type,
 * the versions it exists in and, where it matters, a role. One decoder reads any request layout
 * exactly (every field, every length checked against the frame), and one encoder writes a denial
 * response for any response layout from what the request named.
 */
export type Scalar = 'int8' | 'int16' | 'int32' | 'int64' | 'float64' | 'bool' | 'uuid' | 'string' | 'bytes';

/**
 * topics: the array of per-topic entries (their names are topics; echoed in responses);
 * entries: an array of other named things a response answers one by one (groups, resources, ACLs);
 * forgotten: an array of topics the request also names, not echoed;
 * topic / partitions / partition: a topic entry's name, partition array and partition index;
 * echo: a field of an entry (or of the body) whose bytes the response repeats under the same name;
 * error: where a response carries its error code; acks: Produce's acks.
 */
export type Role = 'topics' | 'entries' | 'forgotten' | 'topic' | 'partitions' | 'partition' | 'echo' | 'error' | 'acks';

export interface Field {
  name: string;
  /** A scalar, an array of int32 (`int32s`) or of strings (`strings`), or an array of structs (their fields). */
  type: Scalar | 'int32s' | 'strings' | Field[];
  /** First and last version the field exists in (default: all). */
  versions?: readonly [number, number?];
  /** First version in which the field may be null. */
  nullable?: number;
  role?: Role;
  /** The name a response knows an echo field by (default: its own); for `strings` with role topics or entries, each string is an entry echoed under this name. */
  echoAs?: string;
  /** Value written in responses (default 0). */
  value?: number;
}

/** A request field's bytes as they were sent (the response repeats them), and its value when scalar. */
export interface Echoed {
  raw: Uint8Array;
  value: number | string | null | undefined;
}

/** One thing a request names and a response answers: a topic with its partitions, a group, a resource … */
export interface Entry {
  /** The topic name ("" for entries that are not topics). */
  name: string;
  partitions: number[];
  echo: Map<string, Echoed>;
}

export interface DecodedBody {
  /** The entries (topics, groups, resources …) in request order: what a response echoes. */
  entries: Entry[];
  /** The body's own echo fields (outside any entry). */
  top: Map<string, Echoed>;
  /** Every topic name the request names. */
  names: string[];
  /** False when the request names a topic by id only (no name to check). */
  namesKnown: boolean;
  /** Produce's acks, else null. */
  acks: number | null;
}

export function inVersion(f: Field, version: number): boolean {
  const v = f.versions;
  return v === undefined || (version >= v[0] && (v[1] === undefined || version <= v[1]));
}

const SIZES: Record<string, number> = { int8: 1, int16: 2, int32: 4, int64: 8, float64: 8, bool: 1, uuid: 16 };

const newEntry = (): Entry => ({ name: '', partitions: [], echo: new Map() });

/** Reads a request body laid out as `fields`; null when it does not fit the frame exactly. */
export function decodeBody(r: WireReader, fields: readonly Field[], version: number, flexible: boolean): DecodedBody | null {
  const out: DecodedBody = { entries: [], top: new Map(), names: [], namesKnown: true, acks: null };
  new Decoder(r, version, flexible, out).struct(fields, null);
  if (flexible) r.skipTaggedFields();
  return r.ok && r.remaining === 0 ? out : null;
}

class Decoder {
  constructor(private readonly r: WireReader, private readonly version: number, private readonly flexible: boolean,
              private readonly out: DecodedBody) {}

  struct(fields: readonly Field[], entry: Entry | null): void {
    for (const f of fields) {
      if (!this.r.ok) return;
      if (!inVersion(f, this.version)) continue;
      const start = this.r.pos;
      const value = this.field(f, entry);
      if (f.role === 'echo' && this.r.ok) (entry?.echo ?? this.out.top).set(f.echoAs ?? f.name, { raw: this.r.copy(start), value });
    }
  }

  /** Reads one field; returns its value when it is an integer or a string. */
  private field(f: Field, entry: Entry | null): number | string | null | undefined {
    const r = this.r;
    const nullable = f.nullable !== undefined && this.version >= f.nullable;
    const t = f.type;
    if (Array.isArray(t)) {
      const count = r.arrayCount(this.flexible, 1);
      if (count === -1 && !nullable) r.ok = false;
      for (let i = 0; i < count && r.ok; i++) {
        let element = entry;
        if (f.role === 'topics' || f.role === 'entries' || f.role === 'forgotten') {
          element = newEntry();
          if (f.role !== 'forgotten') this.out.entries.push(element);
        }
        this.struct(t, element);
        if (this.flexible) r.skipTaggedFields();
      }
      return undefined;
    }
    switch (t) {
      case 'string': {
        const s = r.string(this.flexible);
        if (s === null && !nullable) r.ok = false;
        if (f.role === 'topic') this.topicName(s, entry);
        return s;
      }
      case 'strings':
        this.strings(f, nullable);
        return undefined;
      case 'bytes':
        r.skipBytes(this.flexible);
        return undefined;
      case 'int32s': {
        const count = r.arrayCount(this.flexible, 4);
        if (count === -1 && !nullable) r.ok = false;
        for (let i = 0; i < count && r.ok; i++) {
          const p = r.i32();
          if (f.role === 'partitions') entry?.partitions.push(p);
        }
        return undefined;
      }
      case 'int8':
        return r.i8();
      case 'int16': {
        const v = r.i16();
        if (f.role === 'acks') this.out.acks = v;
        return v;
      }
      case 'int32': {
        const v = r.i32();
        if (f.role === 'partition') entry?.partitions.push(v);
        return v;
      }
      default:
        r.skip(SIZES[t]);
        return undefined;
    }
  }

  private topicName(s: string | null, entry: Entry | null): void {
    if (s === null) {
      this.out.namesKnown = false;
      return;
    }
    this.out.names.push(s);
    if (entry !== null) entry.name = s;
  }

  /** An array of strings; with role topics or entries each string is an entry of its own. */
  private strings(f: Field, nullable: boolean): void {
    const r = this.r;
    const count = r.arrayCount(this.flexible, 1);
    if (count === -1 && !nullable) r.ok = false;
    for (let i = 0; i < count && r.ok; i++) {
      const start = r.pos;
      const s = r.string(this.flexible);
      if (s === null) r.ok = false;
      if (!r.ok || (f.role !== 'topics' && f.role !== 'entries')) continue;
      const element = newEntry();
      if (f.echoAs !== undefined) element.echo.set(f.echoAs, { raw: r.copy(start), value: s });
      if (f.role === 'topics') this.topicName(s, element);
      this.out.entries.push(element);
    }
  }
}

/** The error a denial writes: per entry where it depends on what the entry names, else for the body. */
export type ErrorFor = (entry: Entry | null) => number;

/**
 * Writes a response body laid out as `fields`: entries, topics and partitions echoed, echo fields
 * repeated, `errorFor` in every error field, everything else empty, null or its `value`.
 */
export function encodeBody(w: WireWriter, fields: readonly Field[], version: number, flexible: boolean,
                           body: Pick<DecodedBody, 'entries' | 'top'>, errorFor: ErrorFor): void {
  new Encoder(w, version, flexible, body, errorFor).struct(fields, null, 0);
  if (flexible) w.uvarint(0);
}

class Encoder {
  constructor(private readonly w: WireWriter, private readonly version: number, private readonly flexible: boolean,
              private readonly body: Pick<DecodedBody, 'entries' | 'top'>, private readonly errorFor: ErrorFor) {}

  struct(fields: readonly Field[], entry: Entry | null, partition: number): void {
    for (const f of fields) if (inVersion(f, this.version)) this.field(f, entry, partition);
  }

  private field(f: Field, entry: Entry | null, partition: number): void {
    const w = this.w;
    const echoed = f.role === 'echo' ? (entry?.echo ?? this.body.top).get(f.name) : undefined;
    if (echoed !== undefined) {
      w.raw(echoed.raw);
      return;
    }
    const nullable = f.nullable !== undefined && this.version >= f.nullable;
    const t = f.type;
    if (Array.isArray(t)) {
      if (f.role === 'topics' || f.role === 'entries') {
        this.elements(this.body.entries, (e) => this.struct(t, e, 0));
      } else if (f.role === 'partitions' && entry !== null) {
        this.elements(entry.partitions, (p) => this.struct(t, entry, p));
      } else {
        w.length(0, this.flexible, true);
      }
      return;
    }
    switch (t) {
      case 'string':
        w.string(f.role === 'topic' && entry !== null ? entry.name : nullable ? null : '', this.flexible);
        return;
      case 'bytes':
        w.length(nullable ? -1 : 0, this.flexible, true);
        return;
      case 'int32s':
      case 'strings':
        w.length(0, this.flexible, true);
        return;
      case 'int8':
      case 'bool':
        w.i8(f.value ?? 0);
        return;
      case 'int16':
        w.i16(f.role === 'error' ? this.errorFor(entry) : f.value ?? 0);
        return;
      case 'int32':
        w.i32(f.role === 'partition' ? partition : f.value ?? 0);
        return;
      case 'int64':
      case 'float64':
        w.i64(f.value ?? 0);
        return;
      case 'uuid':
        for (let i = 0; i < 16; i++) w.i8(0);
        return;
    }
  }

  private elements<T>(items: readonly T[], write: (item: T) => void): void {
    this.w.length(items.length, this.flexible, true);
    for (const item of items) {
      write(item);
      if (this.flexible) this.w.uvarint(0);
    }
  }
}
