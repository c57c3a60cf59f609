import type { NativeBridge } from '../framework/host.ts';
import { describeThrown } from '../framework/panic.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { networkPoliciesFromAny } from './network-policy-codec.ts';
import { NpdsClient } from './npds-client.ts';
import { PolicyFileWatcher } from './policy-file-watcher.ts';

/** Where a module instance's policy comes from, and the task that keeps it current. */
interface PolicySource {
  close(): void;
}

/**
 * The policy sources of every module instance, run by the control isolate (native's control runtime,
 * or the single isolate of the plain-Node addon): the NPDS client of an instance with `xds-path`, the
 * file watcher of one with `policy-file`. Each accepted update is compiled here (all or nothing) and
 * published through the bridge; every worker isolate compiles it before its next frame.
 *
 * Native asks for an instance's source when the instance is created and tells native through
 * bridge.controlReady(id) when the first attempt is over (stream open or failed, file loaded or
 * rejected), which OpenModule waits for, as Cilium's NewClient does.
 */
export class ControlPlane {
  private readonly sources = new Map<number, PolicySource>();

  constructor(private readonly runtime: Runtime, private readonly bridge: NativeBridge) {}

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
    const file = info.params['policy-file'] ?? '';
    if (info.xdsPath !== '') {
      const client = new NpdsClient({
        socketPath: info.xdsPath,
        nodeId: info.nodeId,
        apply: (response) => this.runtime.publishPolicy(instance, networkPoliciesFromAny(response.typeUrl, response.resources)),
        print,
      });
      this.sources.set(id, client);
      client.firstAttempt.then(() => this.bridge.controlReady(id), () => this.bridge.controlReady(id));
      client.start();
    } else if (file !== '') {
      const watcher = new PolicyFileWatcher({ file, apply: (resources) => this.runtime.publishPolicy(instance, resources), print });
      this.sources.set(id, watcher);
      try {
        watcher.start();
      } finally {
        this.bridge.controlReady(id);
      }
    } else {
      this.bridge.controlReady(id);
    }
  }

  /** Stops instance `id`'s policy source (CloseModule released the instance). */
  close(id: number): void {
    const source = this.sources.get(id);
    this.sources.delete(id);
    try {
      source?.close();
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
