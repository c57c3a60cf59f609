import { unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { describeThrown } from '../framework/panic.ts';

/** A command of the admin socket: the parsed request in, a JSON-serializable answer out. */
export type AdminCommand = (request: Record<string, unknown>) => unknown;

/**
 * The `admin-socket` parameter: a Unix stream socket on which the control isolate takes commands, one
 * JSON object per line, and answers each with one JSON line (`tsproxylib reload` and `status` talk to
 * it). An unknown command or a malformed line gets {"ok":false,"error":…}; the connection stays open.
 * Only local users who can open the socket file reach it: its mode is left to the directory's.
 */
export class AdminServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly socketPath: string,
    private readonly commands: ReadonlyMap<string, AdminCommand>,
    private readonly print: (level: number, message: string) => void,
  ) {}

  start(): void {
    // A socket file left by a previous process would make listen fail with EADDRINUSE.
    try {
      unlinkSync(this.socketPath);
    } catch {
      // none there
    }
    const server = createServer((socket) => this.serve(socket));
    server.on('error', (e) => this.print(3, `admin socket ${this.socketPath}: ${describeThrown(e)}`));
    server.listen(this.socketPath, () => this.print(1, `admin socket listening on ${this.socketPath}`));
    server.unref();
    this.server = server;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server?.close();
    this.server = null;
    try {
      unlinkSync(this.socketPath);
    } catch {
      // already gone
    }
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let pending = '';
    // Answers go out in request order even when a command is asynchronous.
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line === '') continue;
        queue = queue.then(async () => {
          const answer = await this.answer(line);
          if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
        });
      }
    });
  }

  private async answer(line: string): Promise<unknown> {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `not JSON: ${describeThrown(e)}` };
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) return { ok: false, error: 'not a JSON object' };
    const fields = request as Record<string, unknown>;
    const command = typeof fields.cmd === 'string' ? this.commands.get(fields.cmd) : undefined;
    if (command === undefined) {
      return { ok: false, error: `unknown command ${JSON.stringify(fields.cmd)}; known: ${[...this.commands.keys()].join(', ')}` };
    }
    try {
      return await command(fields);
    } catch (e) {
      return { ok: false, error: describeThrown(e) };
    }
  }
}
