/**
 * The upstream servers the demo can start on loopback: a line echo server (for test.headerparser), an
 * r2d2 server (the toy protocol of Cilium's guide: it answers every request line), and a real memcached.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

export interface RunningUpstream {
  host: string;
  port: number;
  /** What it is, for the banner. */
  what: string;
  pid?: number;
  stop(): Promise<void>;
}

function serve(host: string, port: number, what: string, onSocket: (s: net.Socket) => void): Promise<RunningUpstream> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      onSocket(s);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as net.AddressInfo).port;
      resolve({
        host, port: bound, what: `${what} on ${host}:${bound}`,
        stop: () => new Promise((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Sends every line straight back. */
export function startLineEcho(host: string, port: number): Promise<RunningUpstream> {
  return serve(host, port, 'line echo server', (s) => s.pipe(s));
}

/** Answers each "\r\n"-terminated request with "OK\r\n". */
export function startR2d2(host: string, port: number): Promise<RunningUpstream> {
  return serve(host, port, 'r2d2 server', (s) => {
    let pending = '';
    s.on('data', (d: Buffer) => {
      pending += d.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        pending = pending.slice(end + 2);
        s.write('OK\r\n');
      }
    });
  });
}

async function freePort(host: string): Promise<number> {
  const probe = await serve(host, 0, '', () => undefined);
  await probe.stop();
  return probe.port;
}

/** A real memcached (Debian's memcached package), in the foreground, stopped with SIGTERM. */
export async function startMemcached(host: string, port: number): Promise<RunningUpstream> {
  const bound = port === 0 ? await freePort(host) : port;
  const args = ['-l', host, '-p', String(bound), '-U', '0', '-m', '64', '-t', '2'];
  if (process.getuid?.() === 0) args.push('-u', 'nobody'); // memcached refuses to run as root
  const child = spawn('memcached', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  // Ready once it accepts connections.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host, port: bound }, () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`memcached did not start on ${host}:${bound} (is the memcached package installed?)`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host, port: bound, what: `memcached on ${host}:${bound}`, pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
