import { decodeLogEntry, type DecodedLogEntry } from '../accesslog/entry.ts';
import {
  CallSlot, type InstanceInfo, type IsolateReport, type NativeBridge, type PublishedBundle, type RuntimeHandlers,
} from '../framework/host.ts';
import { FilterResult, type Op } from '../framework/types.ts';

/**
 * A NativeBridge in plain TypeScript, so the framework and parsers run without native code. It plays
 * both sides: the bridge the framework sees (arena, fetch, view, inject, log, policy store) and the
 * native caller (open a module, open a connection, one OnData with a list of slices, close).
 *
 * It is strict where native is: input views are detached after each call (reading one later sees an
 * empty array), inject/fetch/view outside a call throw, inject buffers have a fixed capacity and copy
 * what fits.
 */
export interface MemoryBridgeOptions {
  /** Arena size in bytes; a tiny one makes every read cross windows. Default 64 KiB. */
  arenaSize?: number;
  /** Bytes copied into the arena before each call (native copies 1 KiB). Default: the arena size. */
  eagerWindow?: number;
  /** Largest ops capacity a call may ask for. Default 256. */
  maxOps?: number;
}

export interface NewConnectionArgs {
  instanceId: number;
  proto: string;
  /** 64-bit connection id in decimal. */
  id: string;
  ingress: boolean;
  srcId: number;
  dstId: number;
  srcAddr: string;
  dstAddr: string;
  policyName: string;
  /** Capacity of each inject buffer (Envoy: 1024). */
  injectBufSize: number;
}

export interface OnDataOutcome {
  result: FilterResult;
  /** The ops written, as [op, n] pairs. */
  ops: Array<[Op, number]>;
  /** Whether the framework flagged asynchronous work left behind by the call (ASYNC_PENDING). */
  asyncPending: boolean;
}

export interface LoggedEntry {
  instanceId: number;
  bytes: Uint8Array;
  entry: DecodedLogEntry;
}

interface InjectBuffer {
  data: Uint8Array;
  len: number;
}

interface OpenConnection {
  id: string;
  instanceId: number;
  orig: InjectBuffer;
  reply: InjectBuffer;
}

interface CallInProgress {
  connection: OpenConnection;
  /** The call's slices, each copied into a buffer of its own that is detached when the call ends. */
  slices: Uint8Array[];
  starts: number[];
  total: number;
  /** Buffers handed out during the call, detached when it ends. */
  lent: ArrayBuffer[];
}

interface InstanceRecord {
  info: InstanceInfo;
  seq: number;
  json: string;
}

export class MemoryBridge implements NativeBridge {
  readonly arena: Uint8Array;
  readonly call = new Float64Array(CallSlot.COUNT);
  readonly ops: Float64Array;
  /** Every access-log entry, in order, decoded. */
  readonly logs: LoggedEntry[] = [];
  /** Every line the framework printed. */
  readonly printed: Array<{ level: number; message: string }> = [];
  /** Every JSON-lines access-log line, in order. */
  readonly logLines: Array<{ instanceId: number; line: string }> = [];
  /** Instances whose control-plane first attempt was reported over, in order. */
  readonly controlReadyCalls: number[] = [];

  private readonly eagerWindow: number;
  private readonly maxOps: number;
  private handlers: RuntimeHandlers | null = null;
  private readonly instances = new Map<number, InstanceRecord>();
  private nextInstanceId = 1;
  private readonly slots: Array<OpenConnection | undefined> = [];
  private current: CallInProgress | null = null;

  constructor(options: MemoryBridgeOptions = {}) {
    this.arena = new Uint8Array(options.arenaSize ?? 64 * 1024);
    this.eagerWindow = Math.min(options.eagerWindow ?? this.arena.length, this.arena.length);
    this.maxOps = options.maxOps ?? 256;
    this.ops = new Float64Array(2 * this.maxOps);
  }

  // ---- NativeBridge: what the framework calls ----

  fetch(offset: number): number {
    const call = this.inCall('fetch');
    if (!(offset >= 0)) throw coded(`fetch(${offset}): bad offset`, 'ERR_RANGE');
    const len = offset >= call.total ? 0 : Math.min(this.arena.length, call.total - offset);
    this.copyInput(call, offset, this.arena, len);
    this.call[CallSlot.WIN_START] = offset;
    this.call[CallSlot.WIN_LEN] = len;
    return len;
  }

  view(from: number, to: number): Uint8Array {
    const call = this.inCall('view');
    if (!(from >= 0 && to >= from && to <= call.total)) throw coded(`view(${from}, ${to}): range outside the input`, 'ERR_RANGE');
    const i = sliceIndex(call, from);
    if (i < call.slices.length && to <= call.starts[i] + call.slices[i].length) {
      return call.slices[i].subarray(from - call.starts[i], to - call.starts[i]);
    }
    const copy = new Uint8Array(to - from);
    this.copyInput(call, from, copy, copy.length);
    call.lent.push(copy.buffer);
    return copy;
  }

  inject(reply: boolean, bytes: Uint8Array): number {
    const call = this.inCall('inject');
    const buffer = reply ? call.connection.reply : call.connection.orig;
    const n = Math.min(bytes.length, buffer.data.length - buffer.len);
    buffer.data.set(bytes.subarray(0, n), buffer.len);
    buffer.len += n;
    this.call[reply ? CallSlot.REPLY_LEN : CallSlot.ORIG_LEN] = buffer.len;
    return n;
  }

  log(instanceId: number, entry: Uint8Array): void {
    const bytes = entry.slice();
    this.logs.push({ instanceId, bytes, entry: decodeLogEntry(bytes) });
  }

  logLine(instanceId: number, line: string): void {
    this.logLines.push({ instanceId, line });
  }

  controlReady(instanceId: number): void {
    this.controlReadyCalls.push(instanceId);
  }

  instance(instanceId: number): InstanceInfo | null {
    return this.instances.get(instanceId)?.info ?? null;
  }

  policy(instanceId: number): { seq: number; json: string } | null {
    const record = this.instances.get(instanceId);
    return record === undefined ? null : { seq: record.seq, json: record.json };
  }

  setPolicy(instanceId: number, json: string): number {
    const record = this.instances.get(instanceId);
    if (record === undefined) return 0;
    record.seq++;
    record.json = json;
    return record.seq;
  }

  /** The bundle store, as native keeps it; one isolate (this bridge's) reports into `report`. */
  private published: PublishedBundle = { seq: 0, path: '', source: '', codeCache: new Uint8Array(0) };
  readonly report: IsolateReport = { isolate: 1, role: 'addon', bundleSeq: 0, failedSeq: 0, error: '', loadMs: 0 };

  bundle(): PublishedBundle {
    return { ...this.published };
  }

  setBundle(path: string, source: string, codeCache: Uint8Array): number {
    this.published = { seq: this.published.seq + 1, path, source, codeCache: codeCache.slice() };
    return this.published.seq;
  }

  bundleLoaded(seq: number, error: string, loadMs: number): void {
    if (error === '') Object.assign(this.report, { bundleSeq: seq, loadMs });
    else Object.assign(this.report, { failedSeq: seq, error });
  }

  isolates(): IsolateReport[] {
    return [{ ...this.report }];
  }

  register(handlers: RuntimeHandlers): void {
    this.handlers = handlers;
  }

  print(level: number, message: string): void {
    this.printed.push({ level, message });
  }

  // ---- the native side: what a test calls ----

  /** Opens a module instance (no parameter checks, no de-duplication); returns its id. */
  openModule(nodeId = '', params: Record<string, string> = {}): number {
    const id = this.nextInstanceId++;
    const info: InstanceInfo = {
      id,
      nodeId: nodeId !== '' ? nodeId : `host~127.0.0.2~libcilium-${id}~localdomain`,
      accessLogPath: params['access-log-path'] ?? '',
      xdsPath: params['xds-path'] ?? '',
      params: { ...params },
    };
    this.instances.set(id, { info, seq: 0, json: '' });
    return id;
  }

  /** OnNewConnection. On OK the connection gets the lowest free slot, returned with the result. */
  newConnection(args: NewConnectionArgs): { result: FilterResult; slot: number } {
    const handlers = this.registered();
    if (!this.instances.has(args.instanceId)) return { result: FilterResult.INVALID_INSTANCE, slot: -1 };
    let slot = this.slots.indexOf(undefined);
    if (slot < 0) slot = this.slots.length;
    this.call[CallSlot.BUNDLE_SEQ] = this.published.seq;
    const result = handlers.newConnection(args.instanceId, args.proto, args.id, args.ingress, args.srcId, args.dstId,
                                          args.srcAddr, args.dstAddr, args.policyName, slot) as FilterResult;
    if (result !== FilterResult.OK) return { result, slot: -1 };
    this.slots[slot] = {
      id: args.id,
      instanceId: args.instanceId,
      orig: { data: new Uint8Array(args.injectBufSize), len: 0 },
      reply: { data: new Uint8Array(args.injectBufSize), len: 0 },
    };
    return { result, slot };
  }

  /** OnData on the connection in `slot` with the given slices (empty slices are skipped, as Envoy does). */
  onData(slot: number, reply: boolean, endStream: boolean, slices: readonly Uint8Array[], opsCapacity: number): OnDataOutcome {
    const handlers = this.registered();
    const connection = this.slots[slot];
    if (connection === undefined) return { result: FilterResult.UNKNOWN_CONNECTION, ops: [], asyncPending: false };
    if (opsCapacity > this.maxOps) throw new RangeError(`ops capacity ${opsCapacity} exceeds ${this.maxOps}`);
    const call = this.beginCall(connection, slices);
    const c = this.call;
    c[CallSlot.SLOT] = slot;
    c[CallSlot.REPLY] = reply ? 1 : 0;
    c[CallSlot.END_STREAM] = endStream ? 1 : 0;
    c[CallSlot.TOTAL] = call.total;
    c[CallSlot.OPS_CAP] = opsCapacity;
    c[CallSlot.NOPS] = 0;
    c[CallSlot.ORIG_LEN] = connection.orig.len;
    c[CallSlot.ORIG_CAP] = connection.orig.data.length;
    c[CallSlot.REPLY_LEN] = connection.reply.len;
    c[CallSlot.REPLY_CAP] = connection.reply.data.length;
    c[CallSlot.POLICY_SEQ] = this.instances.get(connection.instanceId)?.seq ?? 0;
    c[CallSlot.BUNDLE_SEQ] = this.published.seq;
    c[CallSlot.ASYNC_PENDING] = 0;
    const window = Math.min(call.total, this.eagerWindow);
    this.copyInput(call, 0, this.arena, window);
    c[CallSlot.WIN_START] = 0;
    c[CallSlot.WIN_LEN] = window;
    let result: FilterResult;
    try {
      result = handlers.onData() as FilterResult;
    } catch (e) {
      // Native treats a throwing handler like a stopped call.
      this.endCall(call);
      handlers.fault(slot, e instanceof Error ? e.message : String(e));
      return { result: FilterResult.PARSER_ERROR, ops: [], asyncPending: false };
    }
    const count = Math.min(c[CallSlot.NOPS], opsCapacity);
    const ops: Array<[Op, number]> = [];
    for (let i = 0; i < count; i++) ops.push([this.ops[2 * i] as Op, this.ops[2 * i + 1]]);
    this.endCall(call);
    return { result, ops, asyncPending: c[CallSlot.ASYNC_PENDING] !== 0 };
  }

  /** Close: the connection is forgotten; later OnData gets UNKNOWN_CONNECTION. */
  close(slot: number): void {
    if (this.slots[slot] === undefined) return;
    this.slots[slot] = undefined;
    this.registered().close(slot);
  }

  /** What native does when it stops a call from outside (watchdog, heap limit, exit). */
  fault(slot: number, message: string): void {
    this.registered().fault(slot, message);
  }

  /** A control command, as an object in and out. */
  control(request: object): Record<string, unknown> {
    return JSON.parse(this.registered().control(JSON.stringify(request))) as Record<string, unknown>;
  }

  /** A copy of what the connection's inject buffer for direction `reply` holds. */
  injected(slot: number, reply: boolean): Uint8Array {
    const buffer = this.openConnection(slot)[reply ? 'reply' : 'orig'];
    return buffer.data.slice(0, buffer.len);
  }

  /** Empties an inject buffer, as Envoy does once it has sent the bytes. */
  clearInjected(slot: number, reply: boolean): void {
    this.openConnection(slot)[reply ? 'reply' : 'orig'].len = 0;
  }

  /** Connections open on the native side. */
  get connectionCount(): number {
    return this.slots.filter((s) => s !== undefined).length;
  }

  private registered(): RuntimeHandlers {
    if (this.handlers === null) throw new Error('MemoryBridge: no handlers registered (call init(bridge) first)');
    return this.handlers;
  }

  private openConnection(slot: number): OpenConnection {
    const connection = this.slots[slot];
    if (connection === undefined) throw new Error(`MemoryBridge: no connection in slot ${slot}`);
    return connection;
  }

  private inCall(what: string): CallInProgress {
    if (this.current === null) throw coded(`${what}() outside an OnData call`, 'ERR_NO_CALL');
    return this.current;
  }

  private beginCall(connection: OpenConnection, input: readonly Uint8Array[]): CallInProgress {
    const slices: Uint8Array[] = [];
    const starts: number[] = [];
    let total = 0;
    for (const s of input) {
      if (s.length === 0) continue;
      slices.push(s.slice());
      starts.push(total);
      total += s.length;
    }
    const call: CallInProgress = { connection, slices, starts, total, lent: slices.map((s) => s.buffer as ArrayBuffer) };
    this.current = call;
    return call;
  }

  private endCall(call: CallInProgress): void {
    // Envoy reuses the input memory after the call: views handed out must not see it any more.
    for (const buffer of call.lent) structuredClone(buffer, { transfer: [buffer] });
    this.current = null;
  }

  private copyInput(call: CallInProgress, offset: number, target: Uint8Array, len: number): void {
    let done = 0;
    for (let i = sliceIndex(call, offset); done < len && i < call.slices.length; i++) {
      const slice = call.slices[i];
      const from = offset + done - call.starts[i];
      const n = Math.min(slice.length - from, len - done);
      target.set(slice.subarray(from, from + n), done);
      done += n;
    }
  }
}

/** Index of the slice holding input offset `offset` (slices.length when at or past the end). */
function sliceIndex(call: CallInProgress, offset: number): number {
  let i = 0;
  while (i < call.slices.length && offset >= call.starts[i] + call.slices[i].length) i++;
  return i;
}

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
