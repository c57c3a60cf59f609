import type { NativeBridge } from '../framework/host.ts';
import { describeThrown } from '../framework/panic.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { AdminServer, type AdminCommand } from './admin-server.ts';
import { BundleService } from './bundle-service.ts';
import { networkPoliciesFromAny } from './network-policy-codec.ts';
import { NpdsClient } from './npds-client.ts';
import { PolicyFileWatcher } from './policy-file-watcher.ts';

/** Where a module instance's policy comes from, and the task that keeps it current. */
interface PolicySource {
  close(): void;
}

/** A process-wide service several instances may name; it stops when the last of them closes. */
interface Shared<T> {
  readonly key: string;
  readonly service: T;
  readonly users: Set<number>;
}

/**
 * The policy sources of every module instance, run by the control isolate (native's control runtime,
 * or the single isolate of the plain-Node addon): the NPDS client of an instance with `xds-path`, the
 * file watcher of one with `policy-file`. Each accepted update is compiled here (all or nothing) and
 * published through the bridge; every worker isolate compiles it before its next frame. Also the
 * process-wide services an instance may name: the watcher of its `parser-bundle` (hot swap) and its
 * `admin-socket`; the first instance naming one starts it, and a different value from a later
 * instance is refused with an error (one bundle and one admin socket per process).
 *
 * Native asks for an instance's source when the instance is created and tells native through
 * bridge.controlReady(id) when the first attempt is over (stream open or failed, file loaded or
 * rejected), which OpenModule waits for, as Cilium's NewClient does.
 */
export class ControlPlane {
  private readonly sources = new Map<number, PolicySource>();
  readonly bundles: BundleService;
  private bundleUse: Shared<BundleService> | null = null;
  private adminUse: Shared<AdminServer> | null = null;

  constructor(private readonly runtime: Runtime, private readonly bridge: NativeBridge) {
    this.bundles = new BundleService(runtime, () => this.sources.keys());
  }

  /** Starts instance `id`'s policy source; a second call for the same instance does nothing. */
  open(id: number): void {
    if (this.sources.has(id)) return;
    const info = this.bridge.instance(id);
    const instance = this.runtime.instance(id);
    if (info === null || instance === null) {
      this.bridge.controlReady(id);
      throw new Error(`control plane: unknown module ${id}`);
    }
    const print = (level: number, message: string) => this.bridge.print(level, message);
    // The bundle first: the policy may name protocols only the bundle's parsers know.
    const bundleFile = info.params['parser-bundle'] ?? '';
    if (bundleFile !== '') this.bundleUse = this.share(id, 'parser-bundle', bundleFile, this.bundleUse, () => {
      this.bundles.watch(bundleFile);
      return this.bundles;
    });
    const adminSocket = info.params['admin-socket'] ?? '';
    if (adminSocket !== '') this.adminUse = this.share(id, 'admin-socket', adminSocket, this.adminUse, () => {
      const server = new AdminServer(adminSocket, this.adminCommands(), print);
      server.start();
      return server;
    });
    // Looked up per update: a hot swap makes a new generation, whose rule parsers must compile it.
    const publish = (resources: readonly unknown[]) => {
      const current = this.runtime.instance(id);
      if (current === null) throw new Error(`module ${id} is closed`);
      this.runtime.publishPolicy(current, resources);
    };
    const file = info.params['policy-file'] ?? '';
    if (info.xdsPath !== '') {
      const client = new NpdsClient({
        socketPath: info.xdsPath,
        nodeId: info.nodeId,
        apply: (response) => publish(networkPoliciesFromAny(response.typeUrl, response.resources)),
        print,
      });
      this.sources.set(id, client);
      client.firstAttempt.then(() => this.bridge.controlReady(id), () => this.bridge.controlReady(id));
      client.start();
    } else if (file !== '') {
      const watcher = new PolicyFileWatcher({ file, apply: publish, print });
      this.sources.set(id, watcher);
      try {
        watcher.start();
      } finally {
        this.bridge.controlReady(id);
      }
    } else {
      this.sources.set(id, { close() {} });
      this.bridge.controlReady(id);
    }
  }

  /** The admin socket's commands: `status` and `reload` (see docs/hot-swap.md). */
  private adminCommands(): Map<string, AdminCommand> {
    return new Map<string, AdminCommand>([
      ['status', () => ({
        ok: true,
        bundle: { ...this.bundles.state, watching: this.bundles.watchedFile },
        isolates: this.bundles.isolates(),
        instances: this.openInstances,
      })],
      ['reload', (request) => this.bundles.reload({
        path: typeof request.path === 'string' ? request.path : undefined,
        force: request.force === true,
        waitMs: typeof request.waitMs === 'number' ? request.waitMs : undefined,
      })],
    ]);
  }

  /** Starts a process-wide service for instance `id`, or joins the one running with the same key. */
  private share<T>(id: number, what: string, key: string, use: Shared<T> | null, start: () => T): Shared<T> | null {
    if (use === null) return { key, service: start(), users: new Set([id]) };
    if (use.key === key) use.users.add(id);
    else this.bridge.print(3, `module ${id}: ${what} ${key} ignored, ${use.key} is in use (one per process)`);
    return use;
  }

  /** Instance `id` no longer uses a shared service; the last user stops it. */
  private leave<T extends { close(): void }>(id: number, use: Shared<T> | null): Shared<T> | null {
    if (use === null || !use.users.delete(id) || use.users.size > 0) return use;
    use.service.close();
    return null;
  }

  /** Stops instance `id`'s policy source (CloseModule released the instance). */
  close(id: number): void {
    const source = this.sources.get(id);
    this.sources.delete(id);
    try {
      source?.close();
      this.bundleUse = this.leave(id, this.bundleUse);
      this.adminUse = this.leave(id, this.adminUse);
    } finally {
      this.runtime.forgetInstance(id);
    }
  }

  /** Instances with a running policy source. */
  get openInstances(): number[] {
    return [...this.sources.keys()];
  }
}

/**
 * The control commands native sends to the control isolate:
 * `{"cmd":"controlOpen","module":<id>}` and `{"cmd":"controlClose","module":<id>}`. Both answer
 * {"ok":true}, or {"ok":false,"error":…}; a failure is also printed, since nobody waits for the answer.
 */
export function addControlPlane(runtime: Runtime): ControlPlane {
  const plane = new ControlPlane(runtime, runtime.bridge);
  const command = (name: string, act: (id: number) => void) => runtime.addCommand(name, (request) => {
    const id = request.module;
    if (typeof id !== 'number') return { ok: false, error: `${name}: "module" must be a number` };
    try {
      act(id);
      return { ok: true };
    } catch (e) {
      runtime.bridge.print(3, `${name} ${id}: ${describeThrown(e)}`);
      return { ok: false, error: describeThrown(e) };
    }
  });
  command('controlOpen', (id) => plane.open(id));
  command('controlClose', (id) => plane.close(id));
  return plane;
}
