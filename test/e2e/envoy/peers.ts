/**
 * The two TCP ends a test drives through Envoy: a client, and the upstream server's side of each
 * accepted connection. Both record every byte they receive and whether the other side half-closed,
 * and can stop reading (pause) to make Envoy's flow control act, like Envoy's own tests'
 * readDisable().
 */
import net from 'node:net';
import { waitFor } from './wait.ts';

export class Peer {
  private readonly chunks: Buffer[] = [];
  length = 0;
  /** The other side half-closed (FIN seen). */
  ended = false;
  closed = false;
  error?: Error;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.length += d.length;
    });
    socket.on('end', () => { this.ended = true; });
    socket.on('close', () => { this.closed = true; });
    socket.on('error', (e) => { this.error = e; });
  }

  bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks));
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Writes and resolves once Node has handed the bytes to the kernel (or buffered them, if paused). */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Queues bytes without waiting: for large writes that the peer is not reading yet. */
  queue(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Half-closes: sends FIN after what is queued. */
  end(): void {
    this.socket.end();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Aborts the connection with a TCP reset. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  waitForLength(n: number, what: string, timeoutMs?: number): Promise<true> {
    return waitFor(`${what}: ${n} bytes`, () => {
      if (this.length >= n) return true;
      if (this.closed) throw new Error(`${what}: closed after ${this.length} of ${n} bytes`);
      return false;
    }, timeoutMs);
  }

  waitForEnd(what: string): Promise<true> {
    return waitFor(`${what}: end of stream`, () => this.ended || this.closed);
  }

  waitForClose(what: string): Promise<true> {
    return waitFor(`${what}: close`, () => this.closed);
  }
}

export function connect(host: string, port: number): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    socket.setNoDelay(true);
    socket.once('connect', () => resolve(new Peer(socket)));
    socket.once('error', reject);
  });
}

/** A TCP server on loopback that keeps every accepted connection, in order, for the test to drive. */
export class Upstream {
  private taken = 0;

  private constructor(private readonly server: net.Server, readonly host: string, readonly port: number,
                      readonly accepted: Peer[]) {}

  static start(host: string, onConnection?: (peer: Peer) => void): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const accepted: Peer[] = [];
      const server = net.createServer({ allowHalfOpen: true }, (socket) => {
        socket.setNoDelay(true);
        const peer = new Peer(socket);
        accepted.push(peer);
        onConnection?.(peer);
      });
      server.once('error', reject);
      server.listen(0, host, () => {
        resolve(new Upstream(server, host, (server.address() as net.AddressInfo).port, accepted));
      });
    });
  }

  /** The next connection not yet handed out, once it has been accepted. */
  async next(what: string): Promise<Peer> {
    const index = this.taken++;
    return waitFor(`${what}: upstream connection ${index + 1}`, () => this.accepted[index]);
  }

  close(): Promise<void> {
    for (const peer of this.accepted) peer.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
