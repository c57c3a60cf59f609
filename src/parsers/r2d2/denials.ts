import type { Connection } from '../../framework/connection.ts';
import { inject, type Verdict } from '../../framework/types.ts';

/**
 * Keeps denials in request order. r2d2 answers every request with one reply line, so the k-th reply line
 * answers the k-th forwarded request; a denial issued after n requests were forwarded goes to the client
 * right after the n-th reply line, never ahead of replies the client is still waiting for.
 *
 * A denial with nothing outstanding is sent at once (reverse injection, as Cilium does). What the reply
 * inject buffer cannot take is kept and sent from the reply direction, in pieces if need be, instead of
 * being cut off.
 */
export class OrderedDenials {
  /** Requests forwarded so far, and how many of them have been answered. */
  private forwarded = 0;
  private answered = 0;
  /** For each waiting denial, the number of answers that must precede it (non-decreasing). */
  private readonly after: number[] = [];
  private head = 0;
  /** Bytes of the head denial already injected. */
  private headSent = 0;

  constructor(private readonly message: Uint8Array, private readonly maxWaiting: number) {}

  /** A request went to the server: one more reply line is owed. */
  forward(): void {
    this.forwarded++;
  }

  /** A reply line went to the client. Extra lines the server volunteers do not count. */
  answer(): void {
    if (this.answered < this.forwarded) this.answered++;
  }

  /** A request was denied while handling the request direction. False when too many denials wait. */
  deny(conn: Connection): boolean {
    if (this.head === this.after.length && this.answered === this.forwarded) {
      const copied = conn.inject(true, this.message);
      if (copied === this.message.length) return true;
      this.headSent = copied;
    }
    if (this.after.length - this.head >= this.maxWaiting) return false;
    this.after.push(this.forwarded);
    return true;
  }

  /**
   * Reply direction, at a frame boundary: injects the next denial that is due (or what fits of it) and
   * returns the INJECT verdict; null when none is due or the buffer is full.
   */
  release(conn: Connection): Verdict | null {
    if (this.head === this.after.length || this.after[this.head] > this.answered) return null;
    const copied = conn.inject(true, this.message.subarray(this.headSent));
    if (copied === 0) return null;
    this.headSent += copied;
    if (this.headSent === this.message.length) this.pop();
    return inject(copied);
  }

  private pop(): void {
    this.headSent = 0;
    this.head++;
    if (this.head === this.after.length) {
      this.after.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.after.length) {
      // Drop the released prefix now and then, so a queue that never drains does not keep it forever.
      this.after.splice(0, this.head);
      this.head = 0;
    }
  }
}
