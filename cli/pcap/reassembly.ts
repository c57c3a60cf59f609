/**
 * One direction of a TCP connection put back in order: bytes come out once, in sequence order, as soon
 * as everything before them has arrived. Retransmitted bytes (whole or partly overlapping segments) are
 * counted and left out; segments ahead of a hole wait until it is filled.
 *
 * Offsets are stream positions (bytes since the first data byte), so a stream may run past 2^32 bytes:
 * a segment's position is found from how far its 32-bit sequence number is from the next one expected,
 * which holds while fewer than 2^31 bytes are in flight.
 */
export interface Delivered {
  /** Stream position of the first byte. */
  offset: number;
  data: Uint8Array;
  /** Index of the packet whose arrival made these bytes deliverable. */
  packet: number;
}

export class DirectionReassembler {
  /** Sequence number of the next byte expected, once known. */
  private nextSeq: number | null = null;
  /** Stream position of that byte. */
  private nextOffset = 0;
  /** Segments ahead of a hole, by stream position (the longest one per position). */
  private readonly ahead = new Map<number, Uint8Array>();
  retransmittedBytes = 0;
  finished = false;

  /** Feeds one segment; returns what became deliverable, in order. */
  segment(seq: number, syn: boolean, fin: boolean, payload: Uint8Array, packet: number): Delivered[] {
    // A SYN takes one sequence number: data starts right after it. Without one (a capture that began
    // mid-connection), the first segment seen starts the stream; a bare ACK does too, as its sequence
    // number is that of the next byte its sender will send.
    const start = syn ? (seq + 1) >>> 0 : seq;
    if (this.nextSeq === null) this.nextSeq = start;
    if (fin) this.finished = true;
    if (payload.length === 0) return [];
    const offset = this.nextOffset + ((start - this.nextSeq) | 0);
    const delivered: Delivered[] = [];
    this.place(offset, payload, packet, delivered);
    return delivered;
  }

  /** Bytes waiting behind a hole: what the capture lost (or had not yet seen when it ended). */
  get waitingBytes(): number {
    let n = 0;
    for (const [offset, data] of this.ahead) n += Math.max(0, offset + data.length - Math.max(offset, this.nextOffset));
    return n;
  }

  private place(offset: number, data: Uint8Array, packet: number, out: Delivered[]): void {
    const end = offset + data.length;
    if (end <= this.nextOffset) {
      this.retransmittedBytes += data.length;
      return;
    }
    if (offset > this.nextOffset) {
      const held = this.ahead.get(offset);
      if (held && held.length >= data.length) this.retransmittedBytes += data.length;
      else {
        if (held) this.retransmittedBytes += held.length;
        this.ahead.set(offset, data);
      }
      return;
    }
    const overlap = this.nextOffset - offset;
    this.retransmittedBytes += overlap;
    this.deliver(data.subarray(overlap), packet, out);
    this.drainAhead(packet, out);
  }

  private deliver(data: Uint8Array, packet: number, out: Delivered[]): void {
    out.push({ offset: this.nextOffset, data, packet });
    this.nextOffset += data.length;
    this.nextSeq = ((this.nextSeq ?? 0) + data.length) >>> 0;
  }

  /** Segments that the bytes just delivered have reached, in position order, until the next hole. */
  private drainAhead(packet: number, out: Delivered[]): void {
    for (;;) {
      const reached = [...this.ahead.keys()].filter((o) => o <= this.nextOffset).sort((a, b) => a - b);
      if (reached.length === 0) return;
      for (const offset of reached) {
        const data = this.ahead.get(offset)!;
        this.ahead.delete(offset);
        const end = offset + data.length;
        if (end <= this.nextOffset) {
          this.retransmittedBytes += data.length;
          continue;
        }
        this.retransmittedBytes += this.nextOffset - offset;
        this.deliver(data.subarray(this.nextOffset - offset), packet, out);
      }
    }
  }
}
