/** A real SOCK_SEQPACKET access-log listener (test/support/seqpacket_listener.py) seen from a test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/seqpacket_listener.py');

export class AccessLogListener {
  private readonly entries: Uint8Array[] = [];
  private waiter?: () => void;

  private constructor(readonly path: string, private readonly child: ChildProcess) {}

  static async start(): Promise<AccessLogListener> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-log-'));
    const sock = path.join(dir, 'access_log.sock');
    const child = spawn('python3', [SCRIPT, sock], { stdio: ['pipe', 'pipe', 'inherit'] });
    const listener = new AccessLogListener(sock, child);
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`access-log listener exited (${code})`)));
      lines.on('line', (line) => {
        if (line === 'ready') return resolve();
        if (line === 'truncated') throw new Error('an access-log entry exceeded 64 KiB');
        listener.entries.push(Uint8Array.from(Buffer.from(line, 'hex')));
        listener.waiter?.();
      });
    });
    return listener;
  }

  /** Waits (at most 2 s) for `atLeast` entries, then for 30 ms of quiet; returns and forgets them. */
  async take(atLeast: number): Promise<Uint8Array[]> {
    const deadline = Date.now() + 2000;
    while (this.entries.length < atLeast && Date.now() < deadline) await this.tick(deadline - Date.now());
    let seen = -1;
    while (seen !== this.entries.length) {
      seen = this.entries.length;
      await new Promise((r) => setTimeout(r, 30));
    }
    return this.entries.splice(0, this.entries.length);
  }

  private tick(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiter = () => { clearTimeout(t); this.waiter = undefined; resolve(); };
    });
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    this.child.stdin!.end();
    await new Promise((r) => this.child.once('exit', r));
  }
}
