/**
 * The demo's clients: each connects through Envoy, sends the preset's requests in turn at a steady
 * pace, reads each response and counts it as allowed or denied; every few requests it closes and
 * reconnects, so connections come and go too.
 */
import net from 'node:net';
import type { Preset } from './presets.ts';

export interface Tally {
  allowed: number;
  denied: number;
}

export interface TrafficEvents {
  connected(client: number, local: string): void;
  closed(client: number, why: string): void;
}

export class Traffic {
  readonly byKind = new Map<string, Tally>();
  private stopped = false;
  private readonly running: Promise<void>[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly preset: Preset, private readonly target: { host: string; port: number },
              private readonly events: TrafficEvents, private readonly opts: { clients: number; intervalMs: number; perConnection: number }) {
    for (const k of preset.kinds) this.byKind.set(k.label, { allowed: 0, denied: 0 });
  }

  start(): void {
    for (let i = 0; i < this.opts.clients; i++) this.running.push(this.client(i + 1));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.running);
  }

  private async client(n: number): Promise<void> {
    let next = n - 1; // each client starts at a different request
    while (!this.stopped) {
      try {
        next = await this.session(n, next);
      } catch (e) {
        this.events.closed(n, (e as Error).message);
      }
      await this.pause();
    }
  }

  /** One connection: up to perConnection requests; returns the index of the next request kind. */
  private async session(n: number, next: number): Promise<number> {
    const socket = await this.connect();
    this.events.connected(n, `${socket.localAddress}:${socket.localPort}`);
    let received = '';
    let wake: (() => void) | undefined;
    let ended: string | undefined;
    socket.on('data', (d: Buffer) => { received += d.toString('latin1'); wake?.(); });
    socket.on('end', () => { ended = 'closed by Envoy'; wake?.(); });
    socket.on('close', () => { ended ??= 'closed'; wake?.(); });
    socket.on('error', (e) => { ended = e.message; wake?.(); });
    try {
      for (let i = 0; i < this.opts.perConnection && !this.stopped; i++) {
        const kind = this.preset.kinds[next % this.preset.kinds.length]!;
        next++;
        socket.write(kind.request, 'latin1');
        let response = this.preset.readResponse(received);
        while (!response && !ended && !this.stopped) {
          await new Promise<void>((r) => { wake = r; });
          response = this.preset.readResponse(received);
        }
        if (!response) throw new Error(ended ?? 'stopped');
        received = received.slice(response.length);
        const tally = this.byKind.get(kind.label)!;
        if (response.denied) tally.denied++;
        else tally.allowed++;
        await this.pause();
      }
    } finally {
      socket.end();
      socket.destroy();
      this.sockets.delete(socket);
    }
    this.events.closed(n, 'done');
    return next;
  }

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.target, () => resolve(socket));
      this.sockets.add(socket);
      socket.once('error', (e) => { this.sockets.delete(socket); reject(e); });
    });
  }

  private pause(): Promise<void> {
    return this.stopped ? Promise.resolve() : new Promise((r) => setTimeout(r, this.opts.intervalMs));
  }
}
