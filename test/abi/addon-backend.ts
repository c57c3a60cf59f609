/**
 * The plain-Node backend: this process loads the node-gyp build of the bridge (bindings/addon),
 * runs the test build of the framework in its own isolate, and calls the native Module directly.
 * Its access log goes to a SOCK_SEQPACKET listener inside a harness process (Node has no
 * SEQPACKET sockets).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NativeBridge } from '../../src/framework/host.ts';
import { init } from '../../src/testing/runtime-entry.ts';
import type { AbiBackend, NewConnection, OnDataResult } from './backend.ts';
import { AccessLogListener } from './access-log-listener.ts';
import { fileURLToPath } from 'node:url';

interface AddonAbi {
  openModule(params: Array<[string, string]>, debug: boolean): string;
  closeModule(id: string): void;
  onNewConnection(module: string, proto: string, conn: string, ingress: boolean, srcId: number, dstId: number,
                  srcAddr: string, dstAddr: string, policyName: string, origCap: number, replyCap: number): number;
  onData(conn: string, reply: boolean, end: boolean, slices: Uint8Array[], opsCap: number): OnDataResult;
  injectBuffers(conn: string): { orig: Uint8Array; reply: Uint8Array } | null;
  clearInject(conn: string, which: string): void;
  close(conn: string): void;
  control(module: string, request: string): string;
  numConnections(): number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let loaded: { abi: AddonAbi } | undefined;
/** Loads the addon and starts the framework on it, once per process (the addon's state is global). */
export function loadAddon(): AddonAbi {
  if (!loaded) {
    const addon = createRequire(import.meta.url)(path.join(ROOT, 'build/Release/tsproxylib.node')) as {
      bridge: NativeBridge; abi: AddonAbi;
    };
    init(addon.bridge);
    loaded = addon;
  }
  return loaded.abi;
}

export class AddonBackend implements AbiBackend {
  readonly name = 'addon (plain Node)';
  private readonly abi = loadAddon();
  private log?: AccessLogListener;

  async openModule(params: Array<[string, string]>, debug: boolean) { return this.abi.openModule(params, debug); }
  async closeModule(id: string) { this.abi.closeModule(id); }
  async newConnection(c: NewConnection) {
    return this.abi.onNewConnection(c.module, c.proto, c.conn, c.ingress, c.srcId, c.dstId, c.srcAddr, c.dstAddr,
                                    c.policyName, c.bufSize, c.bufSize);
  }
  async onData(conn: string, reply: boolean, end: boolean, slices: Uint8Array[], opsCap: number) {
    return this.abi.onData(conn, reply, end, slices, opsCap);
  }
  async injectBuffers(conn: string) { return this.abi.injectBuffers(conn); }
  async clearInject(conn: string, which: 'orig' | 'reply') { this.abi.clearInject(conn, which); }
  async close(conn: string) { this.abi.close(conn); }
  async control(module: string, request: object) {
    if ((request as { cmd?: string }).cmd === 'numConnections') return { ok: true, n: this.abi.numConnections() };
    return JSON.parse(this.abi.control(module, JSON.stringify(request)));
  }
  async numConnections() { return this.abi.numConnections(); }
  async startAccessLog() {
    this.log = await AccessLogListener.start();
    return this.log.path;
  }
  async takeAccessLog(atLeast: number) { return this.log ? this.log.take(atLeast) : []; }
  async shutdown() { await this.log?.stop(); }
}
