import type { Connection } from '../../framework/connection.ts';

/**
 * Requests whose answer the client is waiting for, in order. A broker answers a connection's
 * requests in the order it received them, and clients match answers to requests by that order, so
 * a denial (which we answer ourselves) must reach the client exactly where the broker's answer would
 * have: after the answers to every allowed request sent before it.
 *
 * Denials with nothing ahead of them go straight into the reply direction's inject buffer (Envoy
 * sends them at the next reply frame boundary); the rest, and whatever does not fit the buffer, wait
 * here and go out from the reply direction once the answers ahead of them have passed.
 */
type Entry = { correlationId: number } | { bytes: Uint8Array };

export class InFlight {
  private readonly queue: Entry[] = [];

  constructor(private readonly limit: number) {}

  /** An allowed request the broker will answer; false when too many are outstanding. */
  expect(correlationId: number): boolean {
    if (this.queue.length >= this.limit) return false;
    this.queue.push({ correlationId });
    return true;
  }

  /** Our answer to a denied request; false when too many are outstanding. */
  deny(conn: Connection, response: Uint8Array): boolean {
    if (this.queue.length >= this.limit) return false;
    if (this.queue.length > 0) {
      this.queue.push({ bytes: response });
      return true;
    }
    const copied = conn.inject(true, response);
    if (copied < response.length) this.queue.push({ bytes: response.subarray(copied) });
    return true;
  }

  /** Whether denials are next in line for the client. */
  get denialsFirst(): boolean {
    return this.queue.length > 0 && 'bytes' in this.queue[0];
  }

  /** From a reply call at a frame boundary: injects the denials next in line; returns the INJECT count. */
  flush(conn: Connection): number {
    let total = 0;
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (!('bytes' in head)) break;
      const copied = conn.inject(true, head.bytes);
      total += copied;
      if (copied < head.bytes.length) {
        this.queue[0] = { bytes: head.bytes.subarray(copied) };
        break;
      }
      this.queue.shift();
    }
    return total;
  }

  /**
   * The broker's answer with `correlationId` starts: it must be the one next in line. An answer when
   * nothing is outstanding is let through (we may have joined the connection late); false on a mismatch.
   */
  answer(correlationId: number): boolean {
    const head = this.queue[0];
    if (head === undefined) return true;
    if (!('correlationId' in head) || head.correlationId !== correlationId) return false;
    this.queue.shift();
    return true;
  }
}
