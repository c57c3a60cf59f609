import { parseDestinationPort } from '../framework/address.ts';
import { Connection } from '../framework/connection.ts';
import { CallSlot, type NativeBridge, type RuntimeHandlers } from '../framework/host.ts';
import type { Instance } from '../framework/instance.ts';
import { runOnData } from '../framework/on-data.ts';
import { describeThrown, logPanic } from '../framework/panic.ts';
import type { Parser } from '../framework/parser.ts';
import type { Registry } from '../framework/registry.ts';
import { SliceReader } from '../framework/slice-reader.ts';
import { FilterResult } from '../framework/types.ts';
import { formatPolicyText, resourceTexts } from '../policy/policy-text.ts';
import { AsyncOwners } from './async-owners.ts';
import { BundleSwitch } from './bundle-switch.ts';
import { ConnectionTable, FAULTED, type ConnectionOwner } from './connection-table.ts';
import { Generation } from './generation.ts';

/** A control command: the parsed request in, a JSON-serializable answer out. May throw. */
export type ControlCommand = (request: Record<string, unknown>) => unknown;

/**
 * Everything one isolate holds: its parser generations (the current one: registry and instance views),
 * its connections by slot and the one SliceReader all its calls share. `handlers` is what native calls.
 */
export class Runtime {
  readonly bridge: NativeBridge;
  readonly connections = new ConnectionTable();
  /** Swaps generations when native reports a new parser bundle (hot swap). */
  readonly bundles: BundleSwitch;
  private readonly reader: SliceReader;
  private readonly commands = new Map<string, ControlCommand>();
  /** Set when asynchronous errors are charged to connections (see async-errors.ts). */
  private asyncOwners: AsyncOwners<ConnectionOwner> | null = null;
  /** The entry points for bridge.register(); plain closures, so native may call them unbound. */
  readonly handlers: RuntimeHandlers;

  constructor(bridge: NativeBridge, registry: Registry) {
    this.bridge = bridge;
    this.bundles = new BundleSwitch(bridge, new Generation(0, registry, bridge));
    this.reader = new SliceReader(bridge);
    this.handlers = {
      newConnection: (instanceId, proto, connectionId, ingress, srcId, dstId, srcAddr, dstAddr, policyName, slot) =>
        this.newConnection(instanceId, proto, connectionId, ingress, srcId, dstId, srcAddr, dstAddr, policyName, slot),
      onData: () => this.onData(),
      close: (slot) => this.connections.clear(slot),
      fault: (slot, message) => this.fault(slot, message),
      control: (request) => this.control(request),
    };
  }

  /**
   * Tracks which connection schedules asynchronous work from now on, so asyncError() can charge it,
   * and flags calls that leave such work behind (ASYNC_PENDING) so native runs the event loop soon.
   */
  trackAsyncWork(owners: AsyncOwners<ConnectionOwner>): void {
    this.asyncOwners = owners;
  }

  /**
   * An error surfaced outside any call (a throwing timer, an unhandled rejection). When it belongs to a
   * connection that is still open, it is treated like a fault of that connection: a Denied "Panic: …"
   * entry, and every later call on it fails. Otherwise it is only printed.
   */
  asyncError(owner: ConnectionOwner | undefined, kind: string, thrown: unknown): void {
    const message = `${kind}: ${describeThrown(thrown)}`;
    const entry = owner === undefined ? undefined : this.connections.get(owner.slot);
    if (owner === undefined || entry === undefined || entry === FAULTED || entry.connection !== owner.connection) {
      const whose = owner === undefined ? '' : ` (from connection ${owner.connection.id}, no longer open)`;
      this.bridge.print(3, `${message}${whose}`);
      return;
    }
    logPanic(entry.connection, message, this.bridge);
    this.connections.markFaulted(owner.slot);
  }

  /** Adds (or replaces) a control command, e.g. the test-only ones. */
  addCommand(name: string, command: ControlCommand): void {
    this.commands.set(name, command);
  }

  /** The parsers and rule parsers of the current generation. */
  get registry(): Registry {
    return this.bundles.current.registry;
  }

  /** The current generation's view of module instance `id`, or null when native does not know the id. */
  instance(id: number): Instance | null {
    return this.bundles.current.instance(id);
  }

  /** Drops this isolate's view of instance `id` (the control isolate, once the instance is closed). */
  forgetInstance(id: number): void {
    this.bundles.current.forgetInstance(id);
  }

  /**
   * Compiles a state-of-the-world update in this isolate (all or nothing, PolicyError on a bad
   * resource) and publishes it to every isolate. Throws, changing nothing, when it is refused.
   */
  publishPolicy(instance: Instance, resources: readonly unknown[]): void {
    // Compiled from the very texts the workers will read, so what is accepted here is what they compile.
    const texts = resourceTexts(resources);
    const compiled = instance.compile(texts);
    const seq = this.bridge.setPolicy(instance.id, formatPolicyText(texts));
    if (seq === 0) throw new Error(`native does not know module ${instance.id}`);
    instance.install(compiled, seq);
  }

  /** OnNewConnection after native's checks, in Cilium's order: instance, parser name, address, factory. */
  newConnection(instanceId: number, proto: string, connectionId: string, ingress: boolean, srcId: number,
                dstId: number, srcAddr: string, dstAddr: string, policyName: string, slot: number): FilterResult {
    this.bundles.sync(this.bridge.call[CallSlot.BUNDLE_SEQ]);
    const generation = this.bundles.current;
    const instance = generation.instance(instanceId);
    if (instance === null) return FilterResult.INVALID_INSTANCE;
    const module = generation.registry.parser(proto);
    if (module === undefined) return FilterResult.UNKNOWN_PARSER;
    const port = parseDestinationPort(dstAddr);
    if (port === null) return FilterResult.INVALID_ADDRESS;
    instance.ensurePolicy();
    const connection = new Connection(this.bridge, instance, {
      id: connectionId, ingress, srcId, dstId, srcAddr, dstAddr, policyName, port, parserName: proto,
    });
    const owners = this.asyncOwners;
    owners?.enter({ slot, connection });
    let parser: Parser | null;
    try {
      parser = module.create(connection);
    } catch (e) {
      // Go would crash here; rejecting the one connection is the contained equivalent.
      logPanic(connection, describeThrown(e), this.bridge);
      return FilterResult.POLICY_DROP;
    } finally {
      owners?.exit();
    }
    if (parser == null) return FilterResult.POLICY_DROP;
    this.connections.set(slot, { slot, connection, parser, generation, offeredTo: generation });
    return FilterResult.OK;
  }

  onData(): FilterResult {
    const call = this.bridge.call;
    call[CallSlot.NOPS] = 0;
    const entry = this.connections.get(call[CallSlot.SLOT]);
    if (entry === undefined) return FilterResult.UNKNOWN_CONNECTION;
    if (entry === FAULTED) return FilterResult.PARSER_ERROR;
    this.bundles.sync(call[CallSlot.BUNDLE_SEQ]);
    if (entry.offeredTo !== this.bundles.current) this.bundles.offer(entry);
    entry.connection.instance.syncPolicy(call[CallSlot.POLICY_SEQ]);
    const owners = this.asyncOwners;
    owners?.enter(entry);
    let result: FilterResult;
    try {
      result = runOnData(entry.connection, entry.parser, this.bridge, this.reader);
    } finally {
      if (owners !== null && owners.exit()) call[CallSlot.ASYNC_PENDING] = 1;
    }
    // The parser threw or answered nonsense: its state cannot be trusted, and Envoy closes the
    // connection anyway. Like a fault from outside, every later call fails.
    if (result === FilterResult.PARSER_ERROR) this.connections.markFaulted(entry.slot);
    return result;
  }

  /** A call was stopped from outside: log it like a parser exception and forget the connection. */
  fault(slot: number, message: string): void {
    // A stopped call ran no `finally`: the parser code it was running is over all the same.
    this.asyncOwners?.exit();
    const entry = this.connections.get(slot);
    if (entry === undefined || entry === FAULTED) {
      this.bridge.print(2, `fault on slot ${slot} without a connection: ${message}`);
      return;
    }
    logPanic(entry.connection, message, this.bridge);
    this.connections.markFaulted(slot);
  }

  /** Runs one control command; always answers with JSON, {"ok":false,"error":…} on failure. */
  control(request: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request);
    } catch (e) {
      return failure(`control request is not JSON: ${describeThrown(e)}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return failure('control request is not a JSON object');
    }
    const fields = parsed as Record<string, unknown>;
    const command = typeof fields.cmd === 'string' ? this.commands.get(fields.cmd) : undefined;
    if (command === undefined) return failure(`unknown control command ${JSON.stringify(fields.cmd)}`);
    try {
      return JSON.stringify(command(fields));
    } catch (e) {
      return failure(describeThrown(e));
    }
  }
}

function failure(error: string): string {
  return JSON.stringify({ ok: false, error });
}
