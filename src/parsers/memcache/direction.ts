import type { SliceReader } from '../../framework/slice-reader.ts';
import type { Verdict } from '../../framework/types.ts';

/**
 * One direction's position in its stream. Envoy re-presents what a verdict has not consumed, so the
 * stream offset of input position 0 is the sum of the PASS and DROP lengths returned so far (line
 * finders key their memory on it).
 *
 * It also remembers a verdict that reached past the bytes received: Envoy takes such a verdict as the
 * last of its call and fails the connection if another op follows, while the loop calls the parser once
 * more with the input used up. That call must answer NOP.
 */
export class Direction {
  consumed = 0;
  private pastInput = false;

  /** Returns `verdict(n)` for the `n` bytes at position 0 of `input`, and moves the stream on. */
  take(verdict: (n: number) => Verdict, n: number, input: SliceReader): Verdict {
    this.consumed += n;
    this.pastInput = n > input.length;
    return verdict(n);
  }

  /** True for the call right after a verdict that reached past the input (the loop's re-call). */
  isRecallAfterPastInput(input: SliceReader): boolean {
    const recall = this.pastInput && input.length === 0 && input.start > 0;
    this.pastInput = false;
    return recall;
  }
}
