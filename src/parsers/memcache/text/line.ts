import type { SliceReader } from '../../../framework/slice-reader.ts';

const LF = 0x0a;
const CR = 0x0d;

/** `find` results besides a line end. */
export const NO_LINE_YET = -1;
export const LINE_TOO_LONG = -2;

/**
 * Finds LF-terminated lines, as memcached reads them (a CR before the LF is optional), without
 * rescanning: Envoy re-presents an incomplete line with more bytes appended, so the finder remembers
 * how far the line starting at a given stream offset is known to hold no LF. A call costs what arrived
 * since the last one, not what is buffered.
 */
export class LineFinder {
  private memoStart = -1;
  private memoClean = 0;

  constructor(private readonly maxLine: number) {}

  /**
   * Position of the LF ending the line that starts at `at`, or NO_LINE_YET / LINE_TOO_LONG.
   * `streamOffset` is the stream position of `at` (bytes consumed in this direction before it).
   */
  find(input: SliceReader, at: number, streamOffset: number): number {
    const available = input.length - at;
    const from = this.memoStart === streamOffset && this.memoClean <= available ? at + this.memoClean : at;
    const lf = input.indexOf(LF, from);
    if (lf >= 0) {
      if (this.memoStart === streamOffset) this.memoStart = -1;
      return lf - at + 1 <= this.maxLine ? lf : LINE_TOO_LONG;
    }
    this.memoStart = streamOffset;
    this.memoClean = available;
    return available >= this.maxLine ? LINE_TOO_LONG : NO_LINE_YET;
  }
}

/** End of the line's content: the LF at `lf`, or the CR before it. */
export function contentEnd(input: SliceReader, start: number, lf: number): number {
  return lf > start && input.u8(lf - 1) === CR ? lf - 1 : lf;
}

/** Cilium's MORE for an incomplete line: 1 when it ends in CR (the LF may be next), else 2. */
export function moreForPartialLine(input: SliceReader): number {
  return input.length > 0 && input.u8(input.length - 1) === CR ? 1 : 2;
}
