import type { SliceReader } from '../../framework/slice-reader.ts';

const CR = 0x0d;
const LF = 0x0a;

/** What `LineFinder.find` says about the start of the input. */
export const NO_LINE_YET = -1;
export const LINE_TOO_LONG = -2;

/**
 * Finds the CRLF-terminated line at the start of one direction's input without rescanning bytes it
 * has already looked at: Envoy re-presents an incomplete line with more bytes appended, so the finder
 * remembers how far the line at a given stream offset is known to hold no CRLF. A call therefore
 * costs what arrived since the last one, not what is buffered.
 */
export class LineFinder {
  /** Stream offset of the line the memo describes (-1: none). */
  private memoStart = -1;
  /** Bytes of that line known to contain no CRLF. */
  private memoClean = 0;

  constructor(private readonly maxLine: number) {}

  /**
   * Length of the line at input position 0 including its CRLF; NO_LINE_YET when it is incomplete;
   * LINE_TOO_LONG when it already exceeds the limit. `streamOffset` is the stream position of input
   * position 0 (bytes the direction has consumed so far).
   */
  find(input: SliceReader, streamOffset: number): number {
    // A CR at the end of the clean part may be the first half of the CRLF, so resume one byte early.
    const known = this.memoStart === streamOffset && this.memoClean <= input.length;
    const from = known ? Math.max(0, this.memoClean - 1) : 0;
    let at = from;
    for (;;) {
      const lf = input.indexOf(LF, at);
      if (lf < 0) break;
      if (lf > 0 && input.u8(lf - 1) === CR) {
        this.memoStart = -1;
        return lf + 1 <= this.maxLine ? lf + 1 : LINE_TOO_LONG;
      }
      at = lf + 1;
    }
    this.memoStart = streamOffset;
    this.memoClean = input.length;
    return input.length >= this.maxLine ? LINE_TOO_LONG : NO_LINE_YET;
  }
}
