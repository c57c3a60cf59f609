import { Buffer } from 'node:buffer';
import { CallSlot, type NativeBridge } from './host.ts';

/** Scans up to this many bytes run in JavaScript; longer ones pay one native call and go faster. */
const SHORT_SCAN = 64;

/**
 * Bounds-checked reads over the input of the current OnData call, which native keeps in Envoy's
 * slices. The reader sees it through the bridge's arena: a window of at most `arena.length` bytes
 * starting at input offset call[WIN_START]. A read outside the window asks native for another window
 * (`fetch`); the input is never joined.
 *
 * Positions are relative to the reader's base: position 0 is the first byte not yet consumed, and
 * `length` counts the bytes from there to the end of the call's input. A read outside [0, length)
 * throws a RangeError, which the framework turns into PARSER_ERROR; check `length` first.
 *
 * One reader exists per isolate and is reset at the start of every call. Everything it returns except
 * `copy()` is valid during the current call only.
 *
 * Strings in and out are latin1 (one char per byte) unless the method says UTF-8.
 */
export class SliceReader {
  private readonly bridge: NativeBridge;
  private readonly arena: Uint8Array;
  /** The arena as a Buffer, so strings decode without allocating a view per call. */
  private readonly arenaText: Buffer;
  private readonly call: Float64Array;
  /** Input offset of position 0. */
  private base = 0;
  /** Input bytes in this call. */
  private total = 0;
  /** Input range [winStart, winEnd) currently held by the arena. */
  private winStart = 0;
  private winEnd = 0;

  /** @internal The framework makes one per isolate. */
  constructor(bridge: NativeBridge) {
    this.bridge = bridge;
    this.arena = bridge.arena;
    this.call = bridge.call;
    this.arenaText = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.arena.length);
  }

  /** @internal Framework only: start reading a new call's input from its first byte. */
  startCall(): void {
    this.total = this.call[CallSlot.TOTAL];
    this.base = 0;
    this.noteWindow();
  }

  /** Bytes from position 0 to the end of the call's input. */
  get length(): number {
    return this.total - this.base;
  }

  /** Input offset of position 0 (how many bytes of this call's input lie before it). */
  get start(): number {
    return this.base;
  }

  /** @internal Framework only: put position 0 back at input offset `start` (0 ≤ start ≤ end of input). */
  seek(start: number): void {
    this.base = start < this.total ? start : this.total;
  }

  /**
   * Moves position 0 forward by `n` bytes, stopping at the end of the input. Only for reading ahead
   * within one parser call: the framework puts position 0 back where the verdicts say before the next.
   */
  advance(n: number): void {
    if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`SliceReader.advance(${n}): not a byte count`);
    const next = this.base + n;
    this.base = next < this.total ? next : this.total;
  }

  /** The byte at `at`. */
  u8(at: number): number {
    const abs = this.absolute(at, 1);
    if (abs < this.winStart || abs >= this.winEnd) this.load(abs);
    return this.arena[abs - this.winStart];
  }

  /** Big-endian unsigned 16-bit integer at `at`. */
  u16(at: number): number {
    const i = this.contiguous(this.absolute(at, 2), 2);
    if (i < 0) return (this.u8(at) << 8) | this.u8(at + 1);
    return (this.arena[i] << 8) | this.arena[i + 1];
  }

  /** Big-endian unsigned 32-bit integer at `at`. */
  u32(at: number): number {
    const i = this.contiguous(this.absolute(at, 4), 4);
    if (i < 0) return this.u8(at) * 0x1000000 + ((this.u8(at + 1) << 16) | (this.u8(at + 2) << 8) | this.u8(at + 3));
    const a = this.arena;
    return a[i] * 0x1000000 + ((a[i + 1] << 16) | (a[i + 2] << 8) | a[i + 3]);
  }

  /** Big-endian signed 16-bit integer at `at`. */
  i16(at: number): number {
    return (this.u16(at) << 16) >> 16;
  }

  /** Big-endian signed 32-bit integer at `at`. */
  i32(at: number): number {
    return this.u32(at) | 0;
  }

  /** Little-endian unsigned 16-bit integer at `at`. */
  u16le(at: number): number {
    const i = this.contiguous(this.absolute(at, 2), 2);
    if (i < 0) return this.u8(at) | (this.u8(at + 1) << 8);
    return this.arena[i] | (this.arena[i + 1] << 8);
  }

  /** Little-endian unsigned 32-bit integer at `at`. */
  u32le(at: number): number {
    const i = this.contiguous(this.absolute(at, 4), 4);
    if (i < 0) return (this.u8(at) | (this.u8(at + 1) << 8) | (this.u8(at + 2) << 16)) + this.u8(at + 3) * 0x1000000;
    const a = this.arena;
    return (a[i] | (a[i + 1] << 8) | (a[i + 2] << 16)) + a[i + 3] * 0x1000000;
  }

  /**
   * Position of the first occurrence of `needle` (a byte value or a byte sequence) at or after `from`,
   * or -1. An empty sequence is found at `from`.
   */
  indexOf(needle: number | Uint8Array, from = 0): number {
    if (!(from >= 0) || !Number.isInteger(from)) throw new RangeError(`SliceReader.indexOf: bad start ${from}`);
    if (typeof needle === 'number') return this.indexOfByte(needle, from);
    if (needle.length === 0) return from <= this.length ? from : -1;
    const first = needle[0];
    const last = this.length - needle.length;
    for (let at = from; at <= last; at++) {
      at = this.indexOfByte(first, at);
      if (at < 0 || at > last) return -1;
      if (this.startsWith(needle, at)) return at;
    }
    return -1;
  }

  /**
   * Whether the bytes at `at` equal `prefix`. A string is compared by char code, so it matches the
   * bytes of its latin1 encoding (a char above 0xff never matches).
   */
  startsWith(prefix: Uint8Array | string, at = 0): boolean {
    const n = prefix.length;
    if (!(at >= 0) || !Number.isInteger(at) || at + n > this.length) return false;
    if (n === 0) return true;
    const i = this.contiguous(this.base + at, n);
    if (typeof prefix === 'string') {
      for (let k = 0; k < n; k++) {
        const b = i >= 0 ? this.arena[i + k] : this.u8(at + k);
        if (b !== prefix.charCodeAt(k)) return false;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const b = i >= 0 ? this.arena[i + k] : this.u8(at + k);
        if (b !== prefix[k]) return false;
      }
    }
    return true;
  }

  /** The bytes [from, to) as a latin1 string (one char per byte). */
  string(from = 0, to = this.length): string {
    return this.decode(from, to, 'latin1');
  }

  /** The bytes [from, to) decoded as UTF-8 (invalid sequences become U+FFFD). */
  utf8(from = 0, to = this.length): string {
    return this.decode(from, to, 'utf8');
  }

  /** A fresh copy of the bytes [from, to), owned by the caller and valid after the call. */
  copy(from = 0, to = this.length): Uint8Array {
    const abs = this.range(from, to);
    const n = to - from;
    if (n === 0) return new Uint8Array(0);
    const i = this.contiguous(abs, n);
    if (i >= 0) return this.arena.slice(i, i + n);
    return this.bridge.view(abs, abs + n).slice();
  }

  /**
   * The bytes [from, to), for use during this call only: a large range is Envoy's memory itself, lent
   * without a copy and detached when the call returns (a kept view then reads as empty, never as
   * freed memory); a range the arena holds is copied, because the arena is reused by the next call
   * and must not show through a kept view. Use `copy()` for what must outlive the call.
   */
  view(from = 0, to = this.length): Uint8Array {
    const abs = this.range(from, to);
    const n = to - from;
    if (abs >= this.winStart && abs + n <= this.winEnd) return this.arena.slice(abs - this.winStart, abs - this.winStart + n);
    return this.bridge.view(abs, abs + n);
  }

  private decode(from: number, to: number, encoding: 'latin1' | 'utf8'): string {
    const abs = this.range(from, to);
    const n = to - from;
    if (n === 0) return '';
    const i = this.contiguous(abs, n);
    if (i >= 0) return this.arenaText.toString(encoding, i, i + n);
    const v = this.bridge.view(abs, abs + n);
    return Buffer.from(v.buffer, v.byteOffset, v.length).toString(encoding);
  }

  private indexOfByte(byte: number, from: number): number {
    let abs = this.base + from;
    while (abs < this.total) {
      if (abs < this.winStart || abs >= this.winEnd) this.load(abs);
      const found = this.scanWindow(byte, abs - this.winStart, this.winEnd - this.winStart);
      if (found >= 0) return this.winStart + found - this.base;
      abs = this.winEnd;
    }
    return -1;
  }

  /** Arena index of the first `byte` in arena[start, end), or -1. */
  private scanWindow(byte: number, start: number, end: number): number {
    const a = this.arena;
    if (end - start <= SHORT_SCAN) {
      for (let i = start; i < end; i++) if (a[i] === byte) return i;
      return -1;
    }
    // Long scans use Buffer#indexOf (memchr). It has no end bound, so a copy of the byte is planted
    // just past the window: the scan stops there instead of running through stale arena bytes.
    if (end < a.length) a[end] = byte;
    const found = this.arenaText.indexOf(byte, start);
    return found >= 0 && found < end ? found : -1;
  }

  /** Input offset of position `at`, after checking that `size` bytes from there exist. */
  private absolute(at: number, size: number): number {
    if (!(at >= 0) || at + size > this.total - this.base || !Number.isInteger(at)) {
      throw new RangeError(`SliceReader: ${size} byte(s) at ${at} are outside the input (length ${this.length})`);
    }
    return this.base + at;
  }

  /** Input offset of position `from`, after checking 0 ≤ from ≤ to ≤ length. */
  private range(from: number, to: number): number {
    if (!(from >= 0 && from <= to && to <= this.length) || !Number.isInteger(from) || !Number.isInteger(to)) {
      throw new RangeError(`SliceReader: range [${from}, ${to}) is outside the input (length ${this.length})`);
    }
    return this.base + from;
  }

  /**
   * Arena index at which the input bytes [abs, abs + n) lie together, fetching a window that starts
   * at `abs` if needed; -1 when they cannot fit in the arena at once.
   */
  private contiguous(abs: number, n: number): number {
    if (abs >= this.winStart && abs + n <= this.winEnd) return abs - this.winStart;
    if (n > this.arena.length) return -1;
    this.load(abs);
    return abs + n <= this.winEnd ? abs - this.winStart : -1;
  }

  private load(abs: number): void {
    this.bridge.fetch(abs);
    this.noteWindow();
    if (abs < this.winStart || abs >= this.winEnd) {
      throw new Error(`SliceReader: fetch(${abs}) returned the window [${this.winStart}, ${this.winEnd})`);
    }
  }

  private noteWindow(): void {
    this.winStart = this.call[CallSlot.WIN_START];
    this.winEnd = this.winStart + this.call[CallSlot.WIN_LEN];
  }
}
