import type { Connection } from '../../framework/connection.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, inject, NOP, type Verdict } from '../../framework/types.ts';
import type { Direction } from './direction.ts';
import type { ReplyQueue } from './reply-queue.ts';

/**
 * Where a denial goes, decided on the request side:
 * - nothing outstanding: straight into the reply direction (Cilium's reverse injection); what the
 *   buffer cannot take is queued and sent from the reply side instead of being cut off;
 * - behind requests that are each sure to be answered: queued, released after their replies;
 * - behind a request that may get no reply: a barrier request goes to the server in the denied
 *   request's place (injected before the drop), and the denial is released where its reply comes back.
 */
export class Denials<D> {
  /** A barrier being injected (bytes sent so far), -1 when none; then the drop decided with it. */
  private barrierSent = -1;
  private pendingDrop = 0;

  constructor(private readonly queue: ReplyQueue<D>, private readonly barrier: Uint8Array) {}

  /** Request side, before reading a new request: the rest of a denial decided by an earlier call. */
  pending(conn: Connection, dir: Direction, input: SliceReader): Verdict | null {
    if (this.barrierSent >= 0) return this.injectBarrier(conn);
    if (this.pendingDrop === 0) return null;
    const n = this.pendingDrop;
    this.pendingDrop = 0;
    return dir.take(drop, n, input);
  }

  /**
   * Drops the denied request's `frame` bytes and places `reply`. `replyFrameOpen`: the reply side is in
   * the middle of a frame, so nothing may be injected into it now. Null when the queue is full.
   */
  deny(conn: Connection, reply: Uint8Array, frame: number, dir: Direction, input: SliceReader,
       replyFrameOpen: boolean): Verdict | null {
    if (this.queue.isEmpty && !replyFrameOpen) {
      const copied = conn.inject(true, reply);
      if (copied < reply.length && !this.queue.pushDenial(reply, copied)) return null;
      return dir.take(drop, frame, input);
    }
    if (this.queue.needsBarrier) {
      if (!this.queue.pushBarrier() || !this.queue.pushDenial(reply)) return null;
      this.barrierSent = 0;
      this.pendingDrop = frame;
      return this.injectBarrier(conn);
    }
    if (!this.queue.pushDenial(reply)) return null;
    return dir.take(drop, frame, input);
  }

  private injectBarrier(conn: Connection): Verdict {
    const copied = conn.inject(false, this.barrier.subarray(this.barrierSent));
    if (copied === 0) return NOP;
    this.barrierSent += copied;
    if (this.barrierSent === this.barrier.length) this.barrierSent = -1;
    return inject(copied);
  }
}
