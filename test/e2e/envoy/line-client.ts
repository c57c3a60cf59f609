/** A client that speaks in lines over a Peer: sends a line, resolves with the next line that comes back. */
import type { Peer } from './peers.ts';

export class LineClient {
  private pending = '';
  private readonly lines: string[] = [];
  private waiter?: { resolve: (line: string) => void; reject: (e: Error) => void };
  private ended = false;

  constructor(readonly peer: Peer) {
    peer.socket.on('data', (d: Buffer) => {
      this.pending += d.toString('latin1');
      let nl: number;
      while ((nl = this.pending.indexOf('\n')) >= 0) {
        this.lines.push(this.pending.slice(0, nl));
        this.pending = this.pending.slice(nl + 1);
      }
      this.wake();
    });
    const stop = () => {
      this.ended = true;
      this.wake();
    };
    peer.socket.on('end', stop);
    peer.socket.on('close', stop);
  }

  /** Sends `line` (a newline is added) and resolves with the next line received, without its newline. */
  async ask(line: string, timeoutMs = 20_000): Promise<string> {
    this.peer.queue(Buffer.from(`${line}\n`, 'latin1'));
    return this.nextLine(timeoutMs);
  }

  /** Rejects if the connection ends first, or after `timeoutMs`. */
  nextLine(timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no line back within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (l) => { clearTimeout(timer); resolve(l); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.lines.length > 0) {
      this.waiter = undefined;
      w.resolve(this.lines.shift()!);
    } else if (this.ended) {
      this.waiter = undefined;
      w.reject(new Error('the connection ended'));
    }
  }
}

/** An upstream connection handler that echoes each byte back: a line server that answers every line. */
export function echo(peer: Peer): void {
  peer.socket.on('data', (d: Buffer) => peer.socket.write(d));
  peer.socket.on('end', () => peer.socket.end());
}
