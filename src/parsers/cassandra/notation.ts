import type { SliceReader } from '../../framework/slice-reader.ts';

/**
 * The CQL protocol's [notations] read from a frame body, never past its end: every read checks the
 * bytes are inside [pos, end) and, when they are not, clears `ok` and returns an empty value, so a
 * decoder reads straight through and checks `ok` once. Lengths inside the body can therefore never
 * make a read run into the next frame.
 *
 *   [int] i32 | [short] u16 | [string] short n, n bytes UTF-8 | [long string] int n, n bytes UTF-8
 *   [short bytes] short n, n bytes | [bytes]/[value] int n, n bytes (n < 0: null; -2 unset for [value])
 */
export class BodyReader {
  ok = true;
  /** After a failed read: the body position the read needed to reach (past `end` when the body is too short). */
  needed = 0;

  constructor(private readonly r: SliceReader, public pos: number, readonly end: number) {}

  /** Whether `n` more bytes are inside the body (and nothing went wrong yet). */
  has(n: number): boolean {
    return this.ok && n >= 0 && this.pos + n <= this.end;
  }

  private claim(n: number): number {
    if (!this.has(n)) {
      if (this.ok) this.needed = this.pos + Math.max(n, 0);
      this.ok = false;
      return -1;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    const at = this.claim(1);
    return at < 0 ? 0 : this.r.u8(at);
  }

  short(): number {
    const at = this.claim(2);
    return at < 0 ? 0 : this.r.u16(at);
  }

  int(): number {
    const at = this.claim(4);
    return at < 0 ? 0 : this.r.i32(at);
  }

  skip(n: number): void {
    this.claim(n);
  }

  /** [string] */
  string(): string {
    return this.text(this.short());
  }

  /** [long string]; a negative length is malformed. */
  longString(): string {
    const n = this.int();
    if (n < 0) this.ok = false;
    return this.text(n);
  }

  /** [short bytes], copied (kept after the call). */
  shortBytes(): Uint8Array {
    const n = this.short();
    const at = this.claim(n);
    return at < 0 ? new Uint8Array(0) : this.r.copy(at, at + n);
  }

  /** Skips a [bytes] or [value]: n ≥ 0 bytes follow; -1 (null) and, where `allowUnset`, -2 (unset) carry none. */
  skipValue(allowUnset: boolean): void {
    const n = this.int();
    if (n >= 0) this.skip(n);
    else if (n !== -1 && !(allowUnset && n === -2)) this.ok = false;
  }

  /** Skips a [string list]. */
  skipStringList(): void {
    const count = this.short();
    for (let i = 0; i < count && this.ok; i++) this.skip(this.short());
  }

  /** Skips a [bytes map]. */
  skipBytesMap(): void {
    const count = this.short();
    for (let i = 0; i < count && this.ok; i++) {
      this.skip(this.short());
      this.skipValue(false);
    }
  }

  /** Reads a [string map]. */
  stringMap(): Map<string, string> {
    const map = new Map<string, string>();
    const count = this.short();
    for (let i = 0; i < count && this.ok; i++) {
      const key = this.string();
      map.set(key, this.string());
    }
    return map;
  }

  private text(n: number): string {
    const at = this.claim(n);
    return at < 0 ? '' : this.r.utf8(at, at + n);
  }
}
