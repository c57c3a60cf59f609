import type { NativeBridge } from '../framework/host.ts';
import { Instance } from '../framework/instance.ts';
import type { Registry } from '../framework/registry.ts';

/**
 * One version of an isolate's parsers: the registry a parser bundle produced and the instance views
 * whose policies that registry's rule parsers compiled. A hot swap makes a new generation current; a
 * connection keeps the generation it started on (or moves by its parser's `migrate`), and an old
 * generation is garbage once no connection holds it: nothing else references it.
 */
export class Generation {
  private readonly instances = new Map<number, Instance>();

  constructor(
    /** The bundle version it serves (0: built-in parsers only). */
    readonly seq: number,
    readonly registry: Registry,
    private readonly bridge: NativeBridge,
  ) {}

  /** This generation's view of module instance `id`, or null when native does not know the id. */
  instance(id: number): Instance | null {
    let instance = this.instances.get(id);
    if (instance === undefined) {
      const info = this.bridge.instance(id);
      if (info === null) return null;
      instance = new Instance(this.bridge, this.registry, info);
      this.instances.set(id, instance);
    }
    return instance;
  }

  forgetInstance(id: number): void {
    this.instances.delete(id);
  }

  /** The instance views made so far. */
  get knownInstances(): IterableIterator<Instance> {
    return this.instances.values();
  }
}
