import { Buffer } from 'node:buffer';
import type { SliceReader } from '../../framework/slice-reader.ts';

/**
 * Kafka's primitive types read from one request frame, never past its end. A read that does not fit
 * clears `ok` and returns an empty value, so a decoder reads straight through and checks `ok` once.
 *
 * Classic versions: string = i16 length (-1 null) + bytes; bytes = i32 length (-1 null); array = i32
 * count (-1 null). Flexible versions (KIP-482): compact forms with an unsigned varint of length + 1
 * (0 null), and tagged fields (uvarint count, then per field uvarint tag, uvarint size, bytes).
 */
export class WireReader {
  ok = true;

  constructor(private readonly r: SliceReader, public pos: number, readonly end: number) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  private claim(n: number): number {
    if (!this.ok || n < 0 || this.pos + n > this.end) {
      this.ok = false;
      return -1;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  skip(n: number): void {
    this.claim(n);
  }

  /** A copy of the bytes from `start` up to the current position (to keep after the call). */
  copy(start: number): Uint8Array {
    return this.r.copy(start, this.pos);
  }

  i8(): number {
    const at = this.claim(1);
    return at < 0 ? 0 : (this.r.u8(at) << 24) >> 24;
  }

  i16(): number {
    const at = this.claim(2);
    return at < 0 ? 0 : this.r.i16(at);
  }

  i32(): number {
    const at = this.claim(4);
    return at < 0 ? 0 : this.r.i32(at);
  }

  /** Unsigned varint of at most 5 bytes (32 bits), as Kafka writes lengths and tags. */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const b = this.i8() & 0xff;
      if (!this.ok) return 0;
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    this.ok = false;
    return 0;
  }

  /** A length: classic i16/i32 (`wide`), or compact uvarint − 1. -1 means null. */
  length(compact: boolean, wide: boolean): number {
    if (compact) return this.uvarint() - 1;
    return wide ? this.i32() : this.i16();
  }

  /** A string (UTF-8), or null. */
  string(compact: boolean): string | null {
    const n = this.length(compact, false);
    if (n < -1) this.ok = false;
    if (n < 0) return null;
    const at = this.claim(n);
    return at < 0 ? '' : this.r.utf8(at, at + n);
  }

  /** Skips bytes or records (nullable). */
  skipBytes(compact: boolean): void {
    const n = this.length(compact, true);
    if (n < -1) this.ok = false;
    else if (n > 0) this.skip(n);
  }

  /** An array's element count, or -1 for null; a count that cannot fit in the rest of the frame fails. */
  arrayCount(compact: boolean, minElementSize: number): number {
    const n = this.length(compact, true);
    if (n < -1 || n * minElementSize > this.remaining) this.ok = false;
    return this.ok ? n : 0;
  }

  /** Skips a tagged-fields section; none of the tagged fields we could meet names a topic. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count && this.ok; i++) {
      this.uvarint();
      this.skip(this.uvarint());
    }
  }
}

/** Builds a response frame; `frame()` prefixes the size. */
export class WireWriter {
  private readonly parts: number[] = [];

  i8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  i16(v: number): this {
    return this.i8(v >> 8).i8(v);
  }

  i32(v: number): this {
    return this.i16(v >> 16).i16(v);
  }

  i64(v: number): this {
    return this.i32(v < 0 ? -1 : Math.floor(v / 2 ** 32)).i32(v);
  }

  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }

  uvarint(v: number): this {
    while (v >= 0x80) {
      this.i8((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    return this.i8(v);
  }

  length(n: number, compact: boolean, wide: boolean): this {
    if (compact) return this.uvarint(n + 1);
    return wide ? this.i32(n) : this.i16(n);
  }

  string(s: string | null, compact: boolean): this {
    if (s === null) return this.length(-1, compact, false);
    const bytes = Buffer.from(s, 'utf8');
    return this.length(bytes.length, compact, false).raw(bytes);
  }

  frame(): Uint8Array {
    const out = new Uint8Array(4 + this.parts.length);
    new DataView(out.buffer).setInt32(0, this.parts.length);
    out.set(this.parts, 4);
    return out;
  }
}
