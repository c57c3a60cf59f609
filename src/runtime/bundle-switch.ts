import type { NativeBridge } from '../framework/host.ts';
import { describeThrown } from '../framework/panic.ts';
import type { Registry } from '../framework/registry.ts';
import { loadParserBundle } from './bundle-loader.ts';
import type { OpenConnection } from './connection-table.ts';
import { Generation } from './generation.ts';

/**
 * The hot swap, as one isolate sees it. Native stamps every call with the version of the parser
 * bundle in force (CallSlot.BUNDLE_SEQ); when it differs from what this isolate last acted on, the
 * bundle is loaded here and a new generation (built-in parsers + the bundle's) becomes current before
 * the call goes on. The switch is atomic for the isolate: calls run one at a time, and a call sees
 * either the old generation or the new one. A bundle that fails to load here leaves the current
 * generation serving; both outcomes are reported to native for `tsproxylib reload`.
 *
 * Connections keep the generation they started on. On their next call each is offered to the new
 * one: a protocol the bundle did not change moves at once (same module, so same parser code and rule
 * semantics); a changed protocol moves only if its new module's `migrate` takes the parser over.
 */
export class BundleSwitch {
  private currentGeneration: Generation;
  /** The registry of generation 0 (built-ins and test registrations); every bundle extends it. */
  private readonly base: Registry;
  /** The last bundle version this isolate acted on, loaded or refused. */
  private seen = 0;
  private readonly generations: Array<WeakRef<Generation>> = [];

  constructor(private readonly bridge: NativeBridge, initial: Generation) {
    this.currentGeneration = initial;
    this.base = initial.registry;
    this.track(initial);
  }

  get current(): Generation {
    return this.currentGeneration;
  }

  /** Called with each call's BUNDLE_SEQ: loads the published bundle when the version changed. */
  sync(seq: number): void {
    if (seq !== this.seen) this.load();
  }

  /**
   * Loads the bundle in force, if any, when the isolate starts: outside any call, so a new worker's
   * first connection neither waits for it nor spends its call budget on it.
   */
  loadPublished(): void {
    this.load();
  }

  /**
   * Makes `registry` current as bundle version `seq` without reading native's store: the control
   * isolate, which validated the bundle itself before publishing it.
   */
  install(seq: number, registry: Registry): Generation {
    this.seen = seq;
    const generation = new Generation(seq, registry, this.bridge);
    this.currentGeneration = generation;
    this.track(generation);
    return generation;
  }

  /** The registry a bundle's parsers make: the built-ins, each replaced by the bundle's module of its name. */
  registryWith(parsers: Parameters<Registry['extendedWith']>[0]): Registry {
    return this.base.extendedWith(parsers);
  }

  /** Applies a registration (tests add parsers ad hoc) to the built-ins and to the current generation. */
  extend(register: (registry: Registry) => void): void {
    register(this.base);
    if (this.currentGeneration.registry !== this.base) register(this.currentGeneration.registry);
  }

  /** Offers a connection of an older generation to the current one (see the class comment). */
  offer(entry: OpenConnection): void {
    const target = this.currentGeneration;
    entry.offeredTo = target;
    const name = entry.connection.parserName;
    const module = target.registry.parser(name);
    const instance = target.instance(entry.connection.instance.id);
    if (module === undefined || instance === null) return;
    const unchanged = module === entry.generation.registry.parser(name);
    if (!unchanged && module.migrate === undefined) return;
    const previousInstance = entry.connection.instance;
    entry.connection.rebind(instance);
    if (!unchanged) {
      let next;
      try {
        next = module.migrate?.(entry.parser, entry.connection) ?? null;
      } catch (e) {
        this.bridge.print(2, `connection ${entry.connection.id}: ${name} migrate threw, it stays on the previous version: ${describeThrown(e)}`);
        next = null;
      }
      if (next === null) {
        entry.connection.rebind(previousInstance);
        return;
      }
      entry.parser = next;
    }
    entry.generation = target;
  }

  /** Generations not yet garbage-collected (the current one included); old ones go once unused. */
  get liveGenerations(): number {
    for (let i = this.generations.length - 1; i >= 0; i--) {
      if (this.generations[i].deref() === undefined) this.generations.splice(i, 1);
    }
    return this.generations.length;
  }

  private load(): void {
    const published = this.bridge.bundle();
    this.seen = published.seq;
    if (published.seq === this.currentGeneration.seq) return;
    // Timed from here: what a swap costs this isolate once the source is in hand.
    const started = performance.now();
    let registry: Registry;
    try {
      registry = published.source === '' ? this.base : this.registryWith(loadParserBundle(published.path, published.source, published.codeCache).parsers);
    } catch (e) {
      const why = describeThrown(e);
      this.bridge.bundleLoaded(published.seq, why, 0);
      this.bridge.print(3, `parser bundle ${published.path} version ${published.seq} refused in this isolate, version ${this.currentGeneration.seq} keeps serving: ${why}`);
      return;
    }
    this.install(published.seq, registry);
    this.bridge.bundleLoaded(published.seq, '', performance.now() - started);
  }

  private track(generation: Generation): void {
    this.generations.push(new WeakRef(generation));
  }
}
