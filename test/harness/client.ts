/**
 * A client for `build/bin/tsproxylib-harness` in its JSON-lines mode: one request per line in, one
 * response per line out, in order. `call()` resolves each response in the order requests were sent.
 * The protocol is documented in test/harness/README.md.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the binaries are: `HARNESS_BUILD` if set (e.g. a sanitizer build with bin/ and lib/), else build/. */
export const BUILD_DIR = path.resolve(REPO_ROOT, process.env.HARNESS_BUILD ?? 'build');
export const HARNESS_BIN = path.join(BUILD_DIR, 'bin/tsproxylib-harness');
export const FLOOR_LIB = path.join(BUILD_DIR, 'lib/libcilium_floor.so');

/** The library under test: `HARNESS_LIB` if set (relative to the repo root), else the C++ floor. */
export function libraryUnderTest(): string {
  const lib = process.env.HARNESS_LIB;
  return lib ? path.resolve(REPO_ROOT, lib) : FLOOR_LIB;
}

export interface HarnessRequest {
  cmd: string;
  /** The harness thread that runs the request (default 0). */
  thread?: number;
  [field: string]: unknown;
}

/** Responses are JSON objects; a failed request answers `{ error }`. */
export type HarnessResponse = { error?: string } & Record<string, any>;

export class HarnessError extends Error {
  constructor(
    message: string,
    readonly response?: HarnessResponse,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(r: HarnessResponse): void;
  reject(e: Error): void;
}

export class Harness {
  private readonly pending: Pending[] = [];
  private exited: Error | null = null;
  private readonly exit: Promise<number | null>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (line) => this.answer(line));
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = new HarnessError(`harness exited (code ${code}, signal ${signal})`);
        for (const p of this.pending.splice(0)) p.reject(this.exited);
        resolve(code);
      });
    });
    child.once('error', (err) => {
      this.exited = err;
      for (const p of this.pending.splice(0)) p.reject(err);
    });
  }

  /** Starts the harness; stderr goes to ours so library and sanitizer messages are seen. */
  static start(opts: { binary?: string; env?: NodeJS.ProcessEnv } = {}): Harness {
    const child = spawn(opts.binary ?? HARNESS_BIN, [], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: opts.env ?? process.env,
    });
    return new Harness(child);
  }

  /** Sends one request; resolves with its response, `{ error }` included. */
  call(request: HarnessRequest): Promise<HarnessResponse> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(JSON.stringify(request) + '\n');
    });
  }

  /** Like call(), but an `{ error }` response rejects. */
  async must(request: HarnessRequest): Promise<HarnessResponse> {
    const response = await this.call(request);
    if (response.error !== undefined) {
      throw new HarnessError(`${request.cmd}: ${response.error}`, response);
    }
    return response;
  }

  /** Sends quit (the harness then closes what is still open) and waits for the exit code. */
  async close(): Promise<number | null> {
    if (!this.exited) {
      await this.call({ cmd: 'quit' }).catch(() => undefined);
      this.child.stdin.end();
    }
    return this.exit;
  }

  private answer(line: string): void {
    const p = this.pending.shift();
    if (!p) return;
    try {
      p.resolve(JSON.parse(line) as HarnessResponse);
    } catch {
      p.reject(new HarnessError(`harness wrote a line that is not JSON: ${line}`));
    }
  }
}

/** Lower-case hex of a string's bytes (latin1, so every char is one byte) or of raw bytes. */
export function hex(data: string | Uint8Array): string {
  return typeof data === 'string' ? Buffer.from(data, 'latin1').toString('hex') : Buffer.from(data).toString('hex');
}

/** The bytes of a hex string, as a latin1 string (readable in assertions). */
export function unhex(h: string): string {
  return Buffer.from(h, 'hex').toString('latin1');
}
