/** A real memcached for the end-to-end tests: one per test file, on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export class MemcachedServer {
  private constructor(readonly port: number, private readonly child: ChildProcess) {}

  static async start(): Promise<MemcachedServer> {
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const child = spawn('memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(port), '-m', '64', '-U', '0'],
                          { stdio: ['ignore', 'ignore', 'inherit'] });
      if (await ready(port, child)) return new MemcachedServer(port, child);
      child.kill();
      // Another process took the port between our probe and memcached's bind: try another one.
      if (attempt === 5) throw new Error('memcached did not start');
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether memcached answers `version` on `port` (polling while it starts, giving up if it exits). */
async function ready(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('version\r\n'));
      socket.once('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('VERSION')); });
      socket.once('error', () => resolve(false));
    });
    if (answered) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
