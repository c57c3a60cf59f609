import type { WireReader, WireWriter } from './wire.ts';

/**
 * Message layouts as data, in the shape of Kafka's own message definitions: each field has a type,
 * the versions it exists in and, where it matters, a role. One decoder reads any request layout
 * exactly (every field, every length checked against the frame), and one encoder writes a denial
 * response for any response layout from the request's topics and partitions.
 */
export type Scalar = 'int8' | 'int16' | 'int32' | 'int64' | 'bool' | 'uuid' | 'string' | 'bytes';

/**
 * topics / partitions: the array of per-topic / per-partition entries (echoed in responses);
 * forgotten: an array of topics the request also names, not echoed; topic / partition: the name /
 * index inside them; error: where a response carries its error code; acks: Produce's acks.
 */
export type Role = 'topics' | 'forgotten' | 'topic' | 'partitions' | 'partition' | 'error' | 'acks';

export interface Field {
  name: string;
  /** A scalar, an array of int32 (`int32s`), or an array of structs (their fields). */
  type: Scalar | 'int32s' | Field[];
  /** First and last version the field exists in (default: all). */
  versions?: readonly [number, number?];
  /** First version in which the field may be null. */
  nullable?: number;
  role?: Role;
  /** Value written in responses (default 0). */
  value?: number;
}

export interface TopicEntry {
  name: string;
  partitions: number[];
}

export interface DecodedBody {
  /** Topics with their partitions, in request order (what a response echoes). */
  topics: TopicEntry[];
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

const SIZES: Record<string, number> = { int8: 1, int16: 2, int32: 4, int64: 8, bool: 1, uuid: 16 };

/** Reads a request body laid out as `fields`; null when it does not fit the frame exactly. */
export function decodeBody(r: WireReader, fields: readonly Field[], version: number, flexible: boolean): DecodedBody | null {
  const out: DecodedBody = { topics: [], names: [], namesKnown: true, acks: null };
  new Decoder(r, version, flexible, out).struct(fields, null);
  if (flexible) r.skipTaggedFields();
  return r.ok && r.remaining === 0 ? out : null;
}

class Decoder {
  constructor(private readonly r: WireReader, private readonly version: number, private readonly flexible: boolean,
              private readonly out: DecodedBody) {}

  struct(fields: readonly Field[], topic: TopicEntry | null): void {
    for (const f of fields) {
      if (!this.r.ok) return;
      if (inVersion(f, this.version)) this.field(f, topic);
    }
  }

  private field(f: Field, topic: TopicEntry | null): void {
    const r = this.r;
    const nullable = f.nullable !== undefined && this.version >= f.nullable;
    const t = f.type;
    if (Array.isArray(t)) {
      const count = r.arrayCount(this.flexible, 1);
      if (count === -1 && !nullable) r.ok = false;
      for (let i = 0; i < count && r.ok; i++) {
        let element = topic;
        if (f.role === 'topics' || f.role === 'forgotten') {
          element = { name: '', partitions: [] };
          if (f.role === 'topics') this.out.topics.push(element);
        }
        this.struct(t, element);
        if (this.flexible) r.skipTaggedFields();
      }
      return;
    }
    switch (t) {
      case 'string': {
        const s = r.string(this.flexible);
        if (s === null && !nullable) r.ok = false;
        if (f.role === 'topic') {
          if (s === null) this.out.namesKnown = false;
          else {
            this.out.names.push(s);
            if (topic !== null) topic.name = s;
          }
        }
        return;
      }
      case 'bytes':
        r.skipBytes(this.flexible);
        return;
      case 'int32s': {
        const count = r.arrayCount(this.flexible, 4);
        if (count === -1 && !nullable) r.ok = false;
        for (let i = 0; i < count && r.ok; i++) {
          const p = r.i32();
          if (f.role === 'partitions') topic?.partitions.push(p);
        }
        return;
      }
      case 'int16':
        if (f.role === 'acks') this.out.acks = r.i16();
        else r.skip(2);
        return;
      case 'int32':
        if (f.role === 'partition') topic?.partitions.push(r.i32());
        else r.skip(4);
        return;
      default:
        r.skip(SIZES[t]);
    }
  }
}

/** Writes a response body laid out as `fields`: topics and partitions echoed, `error` in every error field. */
export function encodeBody(w: WireWriter, fields: readonly Field[], version: number, flexible: boolean,
                           topics: readonly TopicEntry[], error: number): void {
  new Encoder(w, version, flexible, topics, error).struct(fields, null, 0);
  if (flexible) w.uvarint(0);
}

class Encoder {
  constructor(private readonly w: WireWriter, private readonly version: number, private readonly flexible: boolean,
              private readonly topics: readonly TopicEntry[], private readonly error: number) {}

  struct(fields: readonly Field[], topic: TopicEntry | null, partition: number): void {
    for (const f of fields) if (inVersion(f, this.version)) this.field(f, topic, partition);
  }

  private field(f: Field, topic: TopicEntry | null, partition: number): void {
    const w = this.w;
    const nullable = f.nullable !== undefined && this.version >= f.nullable;
    const t = f.type;
    if (Array.isArray(t)) {
      if (f.role === 'topics') {
        this.elements(this.topics, (entry) => this.struct(t, entry, 0));
      } else if (f.role === 'partitions' && topic !== null) {
        this.elements(topic.partitions, (p) => this.struct(t, topic, p));
      } else {
        w.length(0, this.flexible, true);
      }
      return;
    }
    switch (t) {
      case 'string':
        w.string(f.role === 'topic' && topic !== null ? topic.name : nullable ? null : '', this.flexible);
        return;
      case 'bytes':
        w.length(nullable ? -1 : 0, this.flexible, true);
        return;
      case 'int32s':
        w.length(0, this.flexible, true);
        return;
      case 'int8':
      case 'bool':
        w.i8(f.value ?? 0);
        return;
      case 'int16':
        w.i16(f.role === 'error' ? this.error : f.value ?? 0);
        return;
      case 'int32':
        w.i32(f.role === 'partition' ? partition : f.value ?? 0);
        return;
      case 'int64':
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
