import { createConnection } from 'node:net';

/**
 * Sends one command to a running library's admin socket (the `admin-socket` parameter) and returns the
 * parsed answer. Rejects with one clear line when nothing listens there or no answer comes in time.
 */
export function adminRequest(socketPath: string, request: Record<string, unknown>, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let received = '';
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`no answer from the admin socket ${socketPath} within ${timeoutMs} ms`), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
        ? `nothing listens on the admin socket ${socketPath}: is Envoy running with the admin-socket parameter set to it?`
        : `admin socket ${socketPath}: ${e.message}`);
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(JSON.parse(received.slice(0, newline)) as Record<string, unknown>);
      } catch {
        reject(new Error(`admin socket ${socketPath} answered something that is not JSON`));
      }
    });
  });
}
