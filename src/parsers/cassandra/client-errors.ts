import type { Connection } from '../../framework/connection.ts';

/**
 * Error frames on their way to the client. A request's denial goes straight into the reply
 * direction's inject buffer (Envoy sends it at the next reply frame boundary); what does not fit,
 * because the 1024-byte buffer is full, waits here and goes out from the reply direction itself
 * (INJECT), in order, before any further server bytes. Nothing is ever cut short.
 */
export class ClientErrors {
  private readonly queue: Uint8Array[] = [];

  /** From a request call: reverse-inject what fits, keep the rest in order. */
  send(conn: Connection, frame: Uint8Array): void {
    if (this.queue.length > 0) {
      this.queue.push(frame);
      return;
    }
    const copied = conn.inject(true, frame);
    if (copied < frame.length) this.queue.push(frame.subarray(copied));
  }

  get waiting(): boolean {
    return this.queue.length > 0;
  }

  /** From a reply call at a frame boundary: injects what fits; returns the count for an INJECT op. */
  flush(conn: Connection): number {
    let total = 0;
    while (this.queue.length > 0) {
      const head = this.queue[0];
      const copied = conn.inject(true, head);
      total += copied;
      if (copied < head.length) {
        this.queue[0] = head.subarray(copied);
        break;
      }
      this.queue.shift();
    }
    return total;
  }
}
