/**
 * The ABI as the vector runner drives it, with two implementations: the plain-Node addon
 * (bindings/addon, the framework in this process through the real bridge) and the harness (the
 * real libcilium_testing.so dlopen()ed by a C++ process, the framework in the embedded runtime).
 * Connection and module ids are decimal strings: they are uint64 on the wire.
 */
export interface OnDataResult {
  result: number;
  ops: Array<[number, number]>;
}

export interface AbiBackend {
  readonly name: string;
  openModule(params: Array<[string, string]>, debug: boolean): Promise<string>;
  closeModule(id: string): Promise<void>;
  newConnection(c: NewConnection): Promise<number>;
  onData(conn: string, reply: boolean, endStream: boolean, slices: Uint8Array[], opsCap: number): Promise<OnDataResult>;
  injectBuffers(conn: string): Promise<{ orig: Uint8Array; reply: Uint8Array } | null>;
  clearInject(conn: string, which: 'orig' | 'reply'): Promise<void>;
  close(conn: string): Promise<void>;
  /** A test-only control command (see src/testing/runtime-entry.ts); answers parsed JSON. */
  control(module: string, request: object): Promise<any>;
  numConnections(): Promise<number>;
  /** Starts a SOCK_SEQPACKET access-log listener; returns its path. */
  startAccessLog(): Promise<string>;
  /** Waits for at least `atLeast` entries (bounded), returns and forgets what arrived. */
  takeAccessLog(atLeast: number): Promise<Uint8Array[]>;
  shutdown(): Promise<void>;
}

export interface NewConnection {
  module: string;
  proto: string;
  conn: string;
  ingress: boolean;
  srcId: number;
  dstId: number;
  srcAddr: string;
  dstAddr: string;
  policyName: string;
  bufSize: number;
}
