import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import type { DecodedLogEntry } from '../accesslog/entry.ts';
import type { ParserModule } from '../framework/parser.ts';
import { FilterResult, Op } from '../framework/types.ts';
import { MemoryBridge, type MemoryBridgeOptions } from './memory-bridge.ts';
import { init } from './runtime-entry.ts';

/**
 * Parser tests that read like a conversation, on the in-memory bridge:
 *
 *   const harness = createHarness();
 *   harness.insertPolicy([allowReadsOnly]);
 *   const conn = harness.connect('r2d2');
 *   checkOnData(conn, { data: ['READ /public/a\r\nHALT\r\n'],
 *                       ops: [['PASS', 16], ['DROP', 6], ['MORE', 1]], replyInject: 'ERROR\r\n' });
 *   harness.close(conn);
 *   harness.assertNoOpenConnections();
 *
 * Strings are bytes (latin1: one char per byte). Every check is exact and ordered.
 * @module
 */

/** An op by its upper-case name, as Cilium prints it. */
export type OpName = 'MORE' | 'PASS' | 'DROP' | 'INJECT' | 'ERROR';
/** A FilterResult by its name (`OK`, `PARSER_ERROR`, …). */
export type ResultName = keyof typeof FilterResult;
/** Bytes as a latin1 string (one char per byte) or as an array. */
export type Bytes = string | Uint8Array;

/** Options of {@link createHarness}; the bridge options shape the input a parser sees. */
export interface HarnessOptions extends MemoryBridgeOptions {
  /** Parser modules of the registry (default: the builtins). */
  modules?: readonly ParserModule[];
  nodeId?: string;
  /** OpenModule parameters of the harness's module instance. */
  params?: Record<string, string>;
}

/** A connection's OnNewConnection arguments; every one has a default. */
export interface ConnectOptions {
  /** Connection id in decimal (default: a counter). */
  id?: string;
  ingress?: boolean;
  srcId?: number;
  dstId?: number;
  srcAddr?: string;
  dstAddr?: string;
  policyName?: string;
  /** Capacity of each inject buffer (default 1024, as in Envoy). */
  injectBufSize?: number;
  /** NetworkPolicy resources (proto3 JSON) to insert first; the update must succeed. */
  policy?: unknown[];
  /** Expected OnNewConnection result (default OK). */
  expectResult?: ResultName;
}

/** A connection opened by {@link Harness.connect}. */
export interface TestConnection {
  readonly harness: Harness;
  readonly id: string;
  /** The bridge slot, or -1 when the connection was rejected. */
  readonly slot: number;
  readonly result: ResultName;
}

/** One OnData call of {@link checkOnData} and what it must produce. */
export interface OnDataStep {
  /** The reply direction (default: the original direction). */
  reply?: boolean;
  /** Whether this is the last data of the direction (default false). */
  endStream?: boolean;
  /** The input slices. */
  data: Bytes[];
  /** The ops the call must write, in order: `[['PASS', 16], ['MORE', 1]]`; ERROR carries its code. */
  ops: Array<[OpName, number]>;
  /** Default OK. */
  result?: ResultName;
  /** Exact content of the reply-direction inject buffer after the call (default: empty). */
  replyInject?: Bytes;
  /** Exact content of the original-direction inject buffer after the call (default: empty). */
  origInject?: Bytes;
  /** Ops capacity (default 1 + 2 × ops.length, so the parser must stop by itself). */
  opsCapacity?: number;
}

/**
 * One module instance on an in-memory bridge: the framework and the parsers run in this process, with
 * the same loop, policy compiler and access-log entries as in Envoy. Make one per test.
 */
export class Harness {
  /** The in-memory bridge: inspect inject buffers, logged entries, open connections. */
  readonly bridge: MemoryBridge;
  /** The module instance every connection and policy of this harness uses. */
  readonly module: number;
  private nextId = 1;

  constructor(options: HarnessOptions = {}) {
    this.bridge = new MemoryBridge(options);
    if (options.modules === undefined) init(this.bridge);
    else init(this.bridge, options.modules);
    this.module = this.bridge.openModule(options.nodeId, options.params);
  }

  /** Sends a control command (as libcilium_testing.so's ProxylibTestControl) and returns its answer. */
  control(request: object): Record<string, unknown> {
    return this.bridge.control(request);
  }

  /** A state-of-the-world policy update; returns the answer ({ok} or {ok: false, error}). */
  insertPolicy(policies: unknown[], version = '1'): { ok: boolean; error?: string } {
    return this.control({ cmd: 'insertPolicy', module: this.module, version, policies }) as { ok: boolean; error?: string };
  }

  /** Enables a test-only parser (test.panicparser, test.nop, test.framepasser, test.faulty). */
  registerParser(name: string): void {
    assert.deepEqual(this.control({ cmd: 'registerParser', name }), { ok: true });
  }

  /** Registers a rule parser accepting anything under an L7 type name. */
  registerRuleParser(name: string): void {
    assert.deepEqual(this.control({ cmd: 'registerRuleParser', name }), { ok: true });
  }

  /** Opens a connection (defaults: ingress, 1 → 2, 1.1.1.1:34567 → 10.0.0.2:80, policy 1.1.1.1). */
  connect(proto: string, options: ConnectOptions = {}): TestConnection {
    if (options.policy !== undefined) assert.deepEqual(this.insertPolicy(options.policy), { ok: true });
    const id = options.id ?? String(this.nextId++);
    const { result, slot } = this.bridge.newConnection({
      instanceId: this.module,
      proto,
      id,
      ingress: options.ingress ?? true,
      srcId: options.srcId ?? 1,
      dstId: options.dstId ?? 2,
      srcAddr: options.srcAddr ?? '1.1.1.1:34567',
      dstAddr: options.dstAddr ?? '10.0.0.2:80',
      policyName: options.policyName ?? '1.1.1.1',
      injectBufSize: options.injectBufSize ?? 1024,
    });
    const name = FilterResult[result] as ResultName;
    assert.equal(name, options.expectResult ?? 'OK', `OnNewConnection(${proto}, ${id})`);
    return { harness: this, id, slot, result: name };
  }

  /** Closes the connection, as Envoy's Close does. */
  close(conn: TestConnection): void {
    this.bridge.close(conn.slot);
  }

  /** Every access-log entry so far, decoded. */
  get accessLog(): DecodedLogEntry[] {
    return this.bridge.logs.map((l) => l.entry);
  }

  /** Cilium's test counts: Denied entries are drops, all others passes. */
  accessLogCounts(): { passes: number; drops: number } {
    const drops = this.accessLog.filter((e) => e.entryType === 'Denied').length;
    return { passes: this.accessLog.length - drops, drops };
  }

  /** Open connections according to the framework (the `connections` control command). */
  openConnections(): number {
    return this.control({ cmd: 'connections' }).n as number;
  }

  /** Fails unless every connection was closed; the last check of a suite. */
  assertNoOpenConnections(): void {
    assert.equal(this.openConnections(), 0, 'connections left open in the framework');
    assert.equal(this.bridge.connectionCount, 0, 'connections left open in the bridge');
  }
}

/** A fresh harness with its own module instance (default parsers: the builtins). */
export function createHarness(options: HarnessOptions = {}): Harness {
  return new Harness(options);
}

/**
 * One OnData call and its checks: result, ops, and both inject buffers (exact bytes). Afterwards both
 * buffers are emptied, as Envoy does when it sends their bytes.
 */
export function checkOnData(conn: TestConnection, step: OnDataStep): void {
  const bridge = conn.harness.bridge;
  const reply = step.reply ?? false;
  const capacity = step.opsCapacity ?? 1 + 2 * step.ops.length;
  const outcome = bridge.onData(conn.slot, reply, step.endStream ?? false, step.data.map(toBytes), capacity);
  const where = `OnData(${conn.id}, reply=${reply})`;
  assert.equal(FilterResult[outcome.result], step.result ?? 'OK', `${where} result`);
  assert.deepEqual(outcome.ops.map(([op, n]) => [Op[op] ?? String(op), n]), step.ops, `${where} ops`);
  if (outcome.result === FilterResult.UNKNOWN_CONNECTION) return;
  assert.equal(latin1(bridge.injected(conn.slot, true)), latin1(toBytes(step.replyInject ?? '')), `${where} reply inject buffer`);
  assert.equal(latin1(bridge.injected(conn.slot, false)), latin1(toBytes(step.origInject ?? '')), `${where} orig inject buffer`);
  bridge.clearInjected(conn.slot, true);
  bridge.clearInjected(conn.slot, false);
}

/** A latin1 string as bytes; rejects chars above 0xff, which have no one-byte form. */
export function toBytes(data: Bytes): Uint8Array {
  if (typeof data !== 'string') return data;
  for (let i = 0; i < data.length; i++) {
    if (data.charCodeAt(i) > 0xff) throw new RangeError(`toBytes: char ${i} of ${JSON.stringify(data)} is not a byte`);
  }
  return new Uint8Array(Buffer.from(data, 'latin1'));
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
