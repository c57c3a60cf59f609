/**
 * The real-library backend: a harness process (test/harness) dlopen()s libcilium_testing.so the way
 * Envoy does and makes each ABI call on its worker thread, so the framework runs in the embedded
 * Node 18 runtime behind the shipped code path.
 */
import path from 'node:path';
import { BUILD_DIR, Harness, hex } from '../harness/client.ts';
import { AccessLogListener } from './access-log-listener.ts';
import type { AbiBackend, NewConnection, OnDataResult } from './backend.ts';

/** build/lib/libcilium_testing.so, or the one under HARNESS_BUILD (a sanitizer build, for instance). */
export const TESTING_LIB = path.join(BUILD_DIR, 'lib/libcilium_testing.so');

export class HarnessBackend implements AbiBackend {
  readonly name = 'libcilium_testing.so in the harness';
  private log?: AccessLogListener;
  private readonly buffers = new Map<string, { orig: Uint8Array; reply: Uint8Array }>();

  private constructor(readonly harness: Harness, readonly thread: number) {}

  static async start(lib = TESTING_LIB, thread = 0): Promise<HarnessBackend> {
    const harness = Harness.start();
    await harness.must({ cmd: 'load', lib });
    return new HarnessBackend(harness, thread);
  }

  private must(request: Record<string, unknown> & { cmd: string }) {
    return this.harness.must({ ...request, thread: this.thread });
  }

  async openModule(params: Array<[string, string]>, debug: boolean) {
    return String((await this.must({ cmd: 'openModule', params, debug })).id);
  }
  async closeModule(id: string) { await this.must({ cmd: 'closeModule', id }); }
  async newConnection(c: NewConnection) {
    return (await this.must({ cmd: 'newConnection', ...c })).result as number;
  }
  async onData(conn: string, reply: boolean, end: boolean, slices: Uint8Array[], opsCap: number): Promise<OnDataResult> {
    const r = await this.must({ cmd: 'onData', conn, reply, end, slices: slices.map(hex), opsCap });
    if (r.orig !== undefined) {
      this.buffers.set(conn, { orig: Buffer.from(r.orig, 'hex'), reply: Buffer.from(r.reply, 'hex') });
    }
    return { result: r.result, ops: r.ops };
  }
  async injectBuffers(conn: string) { return this.buffers.get(conn) ?? null; }
  async clearInject(conn: string, which: 'orig' | 'reply') {
    await this.must({ cmd: 'clearBuf', conn, which });
    const b = this.buffers.get(conn);
    if (b) b[which] = new Uint8Array(0);
  }
  async close(conn: string) {
    await this.must({ cmd: 'close', conn });
    this.buffers.delete(conn);
  }
  async control(module: string, request: object) {
    return (await this.must({ cmd: 'control', module, request })).answer;
  }
  async numConnections() {
    return (await this.control('0', { cmd: 'numConnections' })).n as number;
  }
  async startAccessLog() {
    this.log = await AccessLogListener.start();
    return this.log.path;
  }
  async takeAccessLog(atLeast: number) { return this.log ? this.log.take(atLeast) : []; }
  async shutdown() {
    await this.harness.close();
    await this.log?.stop();
  }
}
