/**
 * A small r2d2 server for the end-to-end tests: one CRLF-terminated reply line per request line
 * (READ f → `DATA f`, WRITE f → `WROTE f`, HALT and RESET → `OK`, anything else → `ERROR`). Each reply is
 * held back a little, so that a proxy which answered denials at once would put them ahead of it.
 */
import net from 'node:net';

export class R2d2Server {
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(delayMs = 20): Promise<R2d2Server> {
    const server = net.createServer();
    const r2d2 = new R2d2Server(server);
    server.on('connection', (socket) => r2d2.serve(socket, delayMs));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r2d2;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket, delayMs: number): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = '';
    let answered = Promise.resolve();
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        answered = answered.then(() => new Promise((resolve) => setTimeout(() => {
          if (!socket.destroyed) socket.write(`${answer(line)}\r\n`);
          resolve();
        }, delayMs)));
      }
    });
  }
}

function answer(line: string): string {
  const [cmd, file, ...rest] = line.split(' ');
  if (rest.length > 0) return 'ERROR';
  if (cmd === 'READ' && file !== undefined) return `DATA ${file}`;
  if (cmd === 'WRITE' && file !== undefined) return `WROTE ${file}`;
  if ((cmd === 'HALT' || cmd === 'RESET') && file === undefined) return 'OK';
  return 'ERROR';
}
