/**
 * A real Envoy process (the stock binary, envoyPath()) with our dynamic module on its search path:
 * started on a generated config, asked through its admin interface, stopped and checked for a clean
 * exit. Every instance is stopped by its test (stop() in after()); a watchdog kills it should the test
 * process leave it behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIB_DIR, envoyPath } from './paths.ts';
import { waitFor } from './wait.ts';

export interface EnvoyOptions {
  config: object;
  concurrency?: number;
  /** Envoy's log level (default warning); our module logs on the dynamic_modules component. */
  logLevel?: string;
  moduleLogLevel?: string;
  /** Extra environment (LD_DEBUG for the symbol-binding test, for instance). */
  env?: NodeJS.ProcessEnv;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

let instances = 0;

/** Distinct per process and instance, so parallel test runs never share a base id. */
function nextBaseId(): number {
  return (process.pid % 100_000) * 10 + (instances++ % 10);
}

export class Envoy {
  readonly exited: Promise<Exit>;
  private exitStatus?: Exit;

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly admin: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(opts: EnvoyOptions): Promise<Envoy> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-envoy-'));
    const configPath = path.join(dir, 'envoy.json');
    const adminPath = path.join(dir, 'admin-address');
    writeFileSync(configPath, JSON.stringify(opts.config, null, 1));
    const args = [
      '-c', configPath,
      '--base-id', String(nextBaseId()),
      '--disable-hot-restart',
      '--concurrency', String(opts.concurrency ?? 1),
      '--admin-address-path', adminPath,
      '--log-path', path.join(dir, 'envoy.log'),
      // Flush the log file often, so a test can read what Envoy (and our module) just logged.
      '--file-flush-interval-msec', '100',
      '-l', opts.logLevel ?? 'warning',
      '--component-log-level', `dynamic_modules:${opts.moduleLogLevel ?? 'info'}`,
    ];
    const child = spawn(envoyPath(), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ENVOY_DYNAMIC_MODULES_SEARCH_PATH: LIB_DIR, ...opts.env },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
    // The watchdog: an Envoy must never outlive the test process.
    const reaper = () => child.kill('SIGKILL');
    process.once('exit', reaper);
    child.once('exit', () => process.removeListener('exit', reaper));
    let exitedEarly: Exit | undefined;
    child.once('exit', (code, signal) => { exitedEarly = { code, signal }; });
    let admin: string;
    try {
      admin = await waitFor('the Envoy admin address', () => {
        if (exitedEarly) throw new Error(`Envoy exited while starting (${JSON.stringify(exitedEarly)}):\n${stderr}${tail(dir)}`);
        try {
          const text = readFileSync(adminPath, 'utf8').trim();
          return text === '' ? undefined : text;
        } catch {
          return undefined;
        }
      }, 30_000);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    const envoy = new Envoy(child, dir, admin);
    await waitFor('Envoy to be ready', async () => {
      if (envoy.exitStatus) throw new Error(`Envoy exited while starting:\n${stderr}${tail(dir)}`);
      return (await envoy.get('/ready').catch(() => '')) === 'LIVE\n';
    }, 30_000, 50);
    return envoy;
  }

  async get(pathAndQuery: string): Promise<string> {
    const res = await fetch(`http://${this.admin}${pathAndQuery}`);
    return res.text();
  }

  /** The port each listener is bound to, by listener name. */
  async listenerPorts(): Promise<Map<string, number>> {
    const body = JSON.parse(await this.get('/listeners?format=json')) as {
      listener_statuses: Array<{ name: string; local_address: { socket_address: { port_value: number } } }>;
    };
    return new Map(body.listener_statuses.map((l) => [l.name, l.local_address.socket_address.port_value]));
  }

  /** Counters and gauges whose names match `filter` (a regular expression, as /stats takes it). */
  async stats(filter: string): Promise<Map<string, number>> {
    const text = await this.get(`/stats?filter=${encodeURIComponent(filter)}`);
    const out = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^(\S+): (\d+)$/.exec(line);
      if (m) out.set(m[1]!, Number(m[2]));
    }
    return out;
  }

  /** One counter or gauge; 0 when Envoy has not created it (yet). */
  async stat(name: string): Promise<number> {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return (await this.stats(`^${escaped}$`)).get(name) ?? 0;
  }

  /** Envoy's own log so far (our module's lines included). */
  log(): string {
    return tail(this.dir, Infinity);
  }

  /** Asks Envoy to quit and waits for it; kills it if it does not exit within the timeout. */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    if (!this.exitStatus) {
      await fetch(`http://${this.admin}/quitquitquit`, { method: 'POST' }).catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exitStatus!;
  }

  /** Stops Envoy (if still running) and removes its directory. */
  async dispose(): Promise<Exit> {
    const exit = await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    return exit;
  }

  /** Sends a signal (SIGTERM: Envoy's graceful exit). */
  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }
}

function tail(dir: string, max = 4000): string {
  try {
    const log = readFileSync(path.join(dir, 'envoy.log'), 'utf8');
    return max === Infinity ? log : log.slice(-max);
  } catch {
    return '';
  }
}
