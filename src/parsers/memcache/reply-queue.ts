import type { Connection } from '../../framework/connection.ts';
import { inject, NOP, type Verdict } from '../../framework/types.ts';

const FORWARDED = 0;
const BARRIER = 1;
const DENIAL = 2;

interface Entry<D> {
  kind: typeof FORWARDED | typeof BARRIER | typeof DENIAL;
  /** FORWARDED: what the dialect needs to know about the request. */
  detail: D | null;
  /** FORWARDED: the server may answer nothing (noreply, quiet opcodes, quiet meta commands). */
  maybe: boolean;
  /** FORWARDED: identical requests in a row (a run of `set … noreply` is one entry). */
  count: number;
  /** DENIAL: the reply to send, and how much of it has been injected. */
  bytes: Uint8Array | null;
  sent: number;
}

/** `attribute` found the barrier's reply: drop it, the denials behind it are due. */
export const BARRIER_REPLY = Symbol('barrier reply');

/**
 * What the server still owes the client, in request order: the requests forwarded to it, the denials the
 * proxy answers in their place, and barriers. Replies are matched to requests head first, so a denial
 * goes to the client exactly where the server's reply would have been.
 *
 * A request that may get no reply at all (noreply, quiet) makes counting replies unreliable. When a
 * denial would wait behind such a request, the parser sends the server a harmless barrier request in
 * the denied request's place (text `version`, binary NOOP) and pushes a barrier: the barrier's reply
 * marks the spot, is dropped, and the denial goes out there.
 */
export class ReplyQueue<D> {
  private readonly entries: Array<Entry<D>> = [];
  private head = 0;
  private barriers = 0;
  /** Maybe-answered requests queued after the last barrier: a denial behind them needs a barrier. */
  private unfencedMaybes = 0;

  constructor(private readonly maxEntries: number) {}

  get isEmpty(): boolean {
    return this.head === this.entries.length;
  }

  /** Whether a denial queued now must be preceded by a barrier. */
  get needsBarrier(): boolean {
    return this.unfencedMaybes > 0;
  }

  /**
   * A request went to the server. `same` lets a run of identical maybe-answered requests share one
   * entry. False when the queue is full (the caller closes the connection).
   */
  pushForwarded(detail: D, maybe: boolean, same: (a: D, b: D) => boolean): boolean {
    if (maybe) this.unfencedMaybes++;
    const tail = this.entries.length > this.head ? this.entries[this.entries.length - 1] : undefined;
    if (maybe && tail !== undefined && tail.kind === FORWARDED && tail.maybe && same(tail.detail as D, detail)) {
      tail.count++;
      return true;
    }
    return this.push({ kind: FORWARDED, detail, maybe, count: 1, bytes: null, sent: 0 });
  }

  pushBarrier(): boolean {
    this.unfencedMaybes = 0;
    this.barriers++;
    return this.push({ kind: BARRIER, detail: null, maybe: false, count: 1, bytes: null, sent: 0 });
  }

  /** A denial; `sent` bytes of it already went out (an immediate injection that did not fit whole). */
  pushDenial(bytes: Uint8Array, sent = 0): boolean {
    return this.push({ kind: DENIAL, detail: null, maybe: false, count: 1, bytes, sent });
  }

  /**
   * Reply direction, at a frame boundary: when a denial is due, injects it (or what fits of it) and
   * returns the INJECT verdict (NOP if nothing fits); null when no denial is due.
   */
  release(conn: Connection): Verdict | null {
    const e = this.entries[this.head];
    if (e === undefined || e.kind !== DENIAL) return null;
    const bytes = e.bytes as Uint8Array;
    const copied = conn.inject(true, bytes.subarray(e.sent));
    if (copied === 0) return NOP;
    e.sent += copied;
    if (e.sent === bytes.length) this.pop();
    return inject(copied);
  }

  /**
   * Which request a reply frame answers: the detail of a forwarded request, BARRIER_REPLY, or null for a
   * reply nobody asked for. `compatible` says whether a forwarded request could have produced this
   * reply; maybe-answered requests it could not have come from are taken as answered by silence.
   * `barrierReply`: the reply has the shape of a barrier's. Call `resolve` once the frame is complete.
   */
  attribute(compatible: (detail: D) => boolean, barrierReply: boolean): D | null | typeof BARRIER_REPLY {
    if (barrierReply && this.barriers > 0) {
      const e = this.entries[this.head];
      if (!(e !== undefined && e.kind === FORWARDED && compatible(e.detail as D))) return this.resyncToBarrier();
    }
    for (;;) {
      const e = this.entries[this.head];
      if (e === undefined || e.kind === DENIAL) return null;
      if (e.kind === BARRIER) return null;
      const detail = e.detail as D;
      if (!e.maybe || compatible(detail)) return detail;
      const next = this.entries[this.head + 1];
      if (next === undefined || next.kind !== FORWARDED) return detail;
      this.popForwarded(e.count);
    }
  }

  /** The request `attribute` returned has its complete reply. */
  resolve(): void {
    const e = this.entries[this.head];
    if (e === undefined || e.kind !== FORWARDED) return;
    if (e.count > 1) {
      e.count--;
      if (e.maybe && this.barriers === 0) this.unfencedMaybes--;
    } else {
      this.popForwarded(1);
    }
  }

  /**
   * The barrier's reply came while requests before it are still unanswered: the server has answered
   * them (silently, or in replies that were framed as something else). They are dropped; denials among
   * them keep their order and are due now.
   */
  private resyncToBarrier(): typeof BARRIER_REPLY {
    let k = this.head;
    while (this.entries[k].kind !== BARRIER) k++;
    const denials = this.entries.slice(this.head, k).filter((e) => e.kind === DENIAL);
    this.entries.splice(this.head, k - this.head + 1, ...denials);
    this.barriers--;
    if (this.isEmpty) this.reset();
    return BARRIER_REPLY;
  }

  private popForwarded(count: number): void {
    const e = this.entries[this.head];
    if (e.maybe && this.barriers === 0) this.unfencedMaybes -= count;
    this.pop();
  }

  private pop(): void {
    if (this.entries[this.head].kind === BARRIER) this.barriers--;
    this.entries[this.head] = undefined as unknown as Entry<D>;
    this.head++;
    if (this.head === this.entries.length) {
      this.reset();
    } else if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      // Drop the answered prefix now and then, so a queue that never drains does not keep it forever.
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  private reset(): void {
    this.entries.length = 0;
    this.head = 0;
  }

  private push(e: Entry<D>): boolean {
    if (this.entries.length - this.head >= this.maxEntries) return false;
    this.entries.push(e);
    return true;
  }
}
