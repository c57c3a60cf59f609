/**
 * gRPC's message framing on an HTTP/2 stream: each message is a 1-byte compressed flag, a 4-byte
 * big-endian length and the serialized message. We never negotiate compression, so a compressed
 * message is a protocol error.
 */

const HEADER_BYTES = 5;

/** Frames one serialized message (uncompressed). */
export function frameMessage(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + message.length);
  new DataView(out.buffer).setUint32(1, message.length);
  out.set(message, HEADER_BYTES);
  return out;
}

/**
 * Cuts a byte stream (HTTP/2 DATA chunks, split anywhere) into messages. Messages larger than
 * `maxMessageBytes` are refused before they are buffered.
 */
export class MessageDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** Adds a chunk; returns the messages it completed. Throws on a compressed or oversized message. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const messages: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < HEADER_BYTES) return messages;
      const header = this.peek(HEADER_BYTES);
      const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
      if (view.getUint8(0) !== 0) throw new Error('gRPC: compressed message received, none was negotiated');
      const length = view.getUint32(1);
      if (length > this.maxMessageBytes) {
        throw new Error(`gRPC: message of ${length} bytes exceeds the limit of ${this.maxMessageBytes}`);
      }
      if (this.buffered < HEADER_BYTES + length) return messages;
      this.take(HEADER_BYTES);
      messages.push(this.take(length));
    }
  }

  /** Whether a message is partly received (the stream must not end here). */
  get midMessage(): boolean {
    return this.buffered > 0;
  }

  private peek(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0];
    if (first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (const c of this.chunks) {
      const part = c.subarray(0, n - filled);
      out.set(part, filled);
      filled += part.length;
      if (filled === n) break;
    }
    return out;
  }

  private take(n: number): Uint8Array {
    const out = this.peek(n);
    // peek() may return a view into the first chunk; copy so later chunk handling cannot alias it.
    const copy = out.slice();
    let left = n;
    while (left > 0) {
      const first = this.chunks[0];
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.buffered -= n;
    return copy;
  }
}
