/**
 * The contract between the native bridge (bindings/, N-API) and the TypeScript framework.
 *
 * One bridge exists per isolate (per Envoy worker thread, or per plain-Node process in tests). Its
 * typed arrays are created once and stay valid for the isolate's life, so a call crosses from C++ into
 * JavaScript without allocating: native writes the call's numbers into `call`, copies the first window
 * of input bytes into `arena`, calls `RuntimeHandlers.onData()`, and reads the verdicts back from `ops`.
 *
 * Input bytes are never joined: the arena holds a window of at most `arena.length` bytes of the
 * call's input, starting at `call[CallSlot.WIN_START]`. Reading outside the window asks native to
 * copy another window (`fetch`); a large range can be viewed without a copy (`view`). Envoy owns the
 * input memory only for the duration of one call, so every view handed out is detached when the call
 * returns and reads through a stale view see an empty array, never freed memory.
 */

/** Indexes into `NativeBridge.call`. Native writes the inputs before each call, JS writes NOPS. */
export enum CallSlot {
  /** Per-isolate connection slot of the connection being called. */
  SLOT = 0,
  /** 1 when the call is for the reply (upstream → downstream) direction. */
  REPLY = 1,
  /** 1 when no more data follows in this direction. */
  END_STREAM = 2,
  /** Total input bytes across all slices of this call. */
  TOTAL = 3,
  /** Offset in the input of arena[0]. */
  WIN_START = 4,
  /** Valid bytes in the arena (≤ arena.length, ≤ TOTAL - WIN_START). */
  WIN_LEN = 5,
  /** How many ops the caller's array can still take. */
  OPS_CAP = 6,
  /** Written by JS: how many (op, n) pairs it left in `ops`. */
  NOPS = 7,
  /** Current fill and capacity of the two inject buffers; native updates them on every inject(). */
  ORIG_LEN = 8,
  ORIG_CAP = 9,
  REPLY_LEN = 10,
  REPLY_CAP = 11,
  /** The policy sequence number of the connection's instance (changes when a new policy is published). */
  POLICY_SEQ = 12,
  /**
   * Written by JS: 1 when the call left asynchronous work behind (a timer, a promise), so native
   * services the event loop right after the call instead of waiting for its periodic pump.
   */
  ASYNC_PENDING = 13,
  /**
   * The parser bundle version in force (0: built-in parsers only). Written before every call,
   * newConnection included; an isolate that has not loaded it swaps its parsers first (hot swap).
   */
  BUNDLE_SEQ = 14,
  /** Number of slots; the array has this length. */
  COUNT = 15,
}

/** What native gives the framework in each isolate. */
export interface NativeBridge {
  /** The byte window of the current call's input (see CallSlot.WIN_START / WIN_LEN). */
  readonly arena: Uint8Array;
  /** Call descriptor, indexed by CallSlot. */
  readonly call: Float64Array;
  /** Verdicts out: op at [2i], n at [2i+1], for i < call[NOPS]; room for call[OPS_CAP] pairs. */
  readonly ops: Float64Array;

  /** Copies input bytes starting at `offset` into the arena; updates WIN_START/WIN_LEN; returns WIN_LEN. */
  fetch(offset: number): number;
  /** The input bytes [from, to) without copying when they lie in one slice. Detached after the call. */
  view(from: number, to: number): Uint8Array;
  /**
   * Appends bytes to the inject buffer of the current call's connection (`reply` picks the buffer).
   * Copies what fits, never grows the buffer, returns the count copied, updates ORIG_LEN/REPLY_LEN.
   * Throws a coded error when no call is in progress.
   */
  inject(reply: boolean, bytes: Uint8Array): number;
  /** Sends one serialized cilium.LogEntry to the access log of instance `instanceId`. Never blocks. */
  log(instanceId: number, entry: Uint8Array): void;
  /** Appends one line (no newline) to the instance's JSON-lines access-log file. Never blocks. */
  logLine(instanceId: number, line: string): void;
  /** The instance's parameters, as OpenModule accepted them. Null for an unknown id. */
  instance(instanceId: number): InstanceInfo | null;
  /**
   * The instance's current policy: its sequence number (0 before any publish) and the text setPolicy
   * stored, as is ('' before any publish). Null for an unknown instance.
   */
  policy(instanceId: number): { seq: number; json: string } | null;
  /**
   * Publishes a validated policy for an instance to every isolate (they pick it up on their next call);
   * returns the new sequence number, 0 for an unknown instance. The text is a JSON array of
   * NetworkPolicy resources (proto3 JSON mapping); the control isolate writes it one resource per line
   * (src/policy/policy-text.ts), which lets each worker recompile only the resources whose text
   * changed. Native stores and hands back the text without reading it.
   */
  setPolicy(instanceId: number, json: string): number;
  /**
   * Control isolate only: the first attempt of the instance's policy source is over (NPDS stream
   * open or failed, policy file loaded or rejected). OpenModule waits for this, within a bound.
   */
  controlReady(instanceId: number): void;
  /** The parser bundle in force: its version (0 before any), file path and source text ('' for none). */
  bundle(): PublishedBundle;
  /**
   * Control isolate only: publishes a parser bundle it has validated; every isolate loads it before its
   * next call. Returns the new version.
   */
  setBundle(path: string, source: string, codeCache: Uint8Array): number;
  /** This isolate loaded bundle version `seq` (error '') or refused it (error set), taking loadMs. */
  bundleLoaded(seq: number, error: string, loadMs: number): void;
  /** Every isolate of the process and the bundle version it serves. */
  isolates(): IsolateReport[];
  /** Registers the framework's entry points; native calls them for every ABI call. */
  register(handlers: RuntimeHandlers): void;
  /** Writes one line to the library's log (stderr in Envoy). level: 0 debug … 3 error. */
  print(level: number, message: string): void;
}

export interface PublishedBundle {
  seq: number;
  path: string;
  source: string;
  /** V8's code cache of the source, made by the control isolate (empty when there is none). */
  codeCache: Uint8Array;
}

/** One isolate's parser-bundle state (native/bundles.h). */
export interface IsolateReport {
  /** Stable id, in creation order. */
  isolate: number;
  role: 'worker' | 'control' | 'addon' | string;
  /** The bundle version it serves; 0: built-in parsers only. */
  bundleSeq: number;
  /** The last version it refused (0: none), and why. */
  failedSeq: number;
  error: string;
  /** How long loading bundleSeq took there. */
  loadMs: number;
}

export interface InstanceInfo {
  id: number;
  nodeId: string;
  accessLogPath: string;
  xdsPath: string;
  /** Every accepted parameter, including our own documented keys. */
  params: Record<string, string>;
}

/**
 * The framework's entry points. Native calls each on the isolate's thread; at most one runs at a time
 * per isolate. Connection ids are 64-bit, so they cross as decimal strings once, at newConnection;
 * afterwards a connection is named by its small per-isolate slot.
 */
export interface RuntimeHandlers {
  /** Returns a FilterResult. Native has already checked the instance id. */
  newConnection(instanceId: number, proto: string, connectionId: string, ingress: boolean, srcId: number,
                dstId: number, srcAddr: string, dstAddr: string, policyName: string, slot: number): number;
  /** One OnData: the call's numbers are in `call`; returns a FilterResult and sets call[NOPS]. */
  onData(): number;
  /** The connection is gone (Close, or the caller dropped it). */
  close(slot: number): void;
  /** A call on this connection was stopped from outside (watchdog, heap limit, process.exit): log and forget it. */
  fault(slot: number, message: string): void;
  /** Administrative and test commands: JSON in, JSON out. */
  control(request: string): string;
}
