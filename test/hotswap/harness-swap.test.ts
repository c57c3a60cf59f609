/**
 * Hot swap inside libcilium_testing.so, driven by the C++ harness through Envoy's per-connection
 * algorithm on two threads (two worker isolates) while the library's control isolate watches the
 * bundle file and serves the admin socket: swaps under concurrent traffic lose no request, each worker
 * reports the version it loaded, a broken bundle is refused, and 120 swaps release what they loaded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest } from '../../src/control/admin-client.ts';
import { TESTING_LIB } from '../abi/harness-backend.ts';
import { Harness, hex, unhex, type HarnessRequest } from '../harness/client.ts';
import { SwapDir } from './swap-dir.ts';
import { buildVersion, versionedPolicy, type BuiltVersion } from './versions.ts';

const THREADS = [1, 2];

describe('hot swap in the library (harness, two worker isolates)', () => {
  const files = new SwapDir('hot-swap-lib');
  const { bundleFile, adminSocket, policyFile } = files;
  const install = (source: string) => files.install(source);
  let v1: BuiltVersion, v2: BuiltVersion, v3: BuiltVersion;
  let h: Harness;
  let module = '';
  let nextConn = 1;

  const admin = (request: Record<string, unknown>) => adminRequest(adminSocket, request);
  const connect = (thread: number): [string, HarnessRequest] => {
    const conn = String(nextConn++);
    return [conn, { cmd: 'envoyConnect', thread, module, proto: 'test.versioned', conn, srcId: 1, dstId: 2,
      srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '1.1.1.1' }];
  };
  const ask = (thread: number, conn: string): HarnessRequest =>
    ({ cmd: 'envoyData', thread, conn, reply: false, data: hex('VERSION\n'), end: false });
  /** Opens a connection on `thread`, asks VERSION, closes; returns the answer. */
  async function versionOn(thread: number): Promise<string> {
    const [conn, request] = connect(thread);
    assert.equal((await h.must(request)).result, 0);
    const answer = await h.must(ask(thread, conn));
    await h.must({ cmd: 'envoyClose', thread, conn });
    return unhex(answer.reverse as string);
  }
  const stats = async (thread: number) => (await h.must({ cmd: 'control', thread, module, request: { cmd: 'stats' } })).answer;

  before(async () => {
    [v1, v2, v3] = await Promise.all([buildVersion('v1'), buildVersion('v2'), buildVersion('v3', true)]);
    install(v1.source);
    files.writePolicy(versionedPolicy(['VERSION']));
    h = Harness.start();
    await h.must({ cmd: 'load', lib: TESTING_LIB });
    module = String((await h.must({ cmd: 'openModule', params: [
      ['parser-bundle', bundleFile], ['admin-socket', adminSocket], ['policy-file', policyFile],
    ] })).id);
    assert.notEqual(module, '0');
  });
  after(async () => {
    await h.must({ cmd: 'closeModule', id: module });
    assert.equal(await h.close(), 0, 'the harness exits cleanly');
    files.remove();
  });

  it('loads the bundle named at OpenModule in every worker, which report it', async () => {
    for (const thread of THREADS) assert.equal(await versionOn(thread), 'v1 1\n');
    const status = await admin({ cmd: 'status' });
    assert.equal(status.ok, true);
    const isolates = status.isolates as Array<{ role: string; bundleSeq: number; state: string }>;
    assert.deepEqual(isolates.map((i) => [i.role, i.state]).sort(), [['control', 'loaded'], ['worker', 'loaded'], ['worker', 'loaded']]);
  });

  it('swaps under concurrent traffic without failing a request; open connections finish on their version unless it migrates', async () => {
    // Long-lived connections, one per thread, started on v1.
    const pinned = THREADS.map((thread) => connect(thread));
    for (const [, request] of pinned) assert.equal((await h.must(request)).result, 0);
    const rounds = 40;
    const traffic = h.must({ cmd: 'parallel', threads: THREADS.map((thread) => {
      const steps: HarnessRequest[] = [];
      for (let i = 0; i < rounds; i++) {
        const [conn, request] = connect(thread);
        steps.push(request, ask(thread, conn), { cmd: 'envoyClose', conn });
      }
      return steps;
    }) });
    install(v2.source);
    const swapped = await admin({ cmd: 'reload', waitMs: 5000 });
    const results = (await traffic).results as Array<Array<Record<string, unknown>>>;
    assert.equal(swapped.ok, true, JSON.stringify(swapped));
    for (const list of results) {
      for (let i = 0; i < rounds; i++) {
        assert.equal(list[3 * i].result, 0, 'connection accepted');
        assert.equal(list[3 * i + 1].ok, true, 'request served');
        assert.match(unhex(list[3 * i + 1].reverse as string), /^v[12] 1\n$/);
      }
    }
    for (const thread of THREADS) assert.equal(await versionOn(thread), 'v2 1\n');
    const reports = swapped.isolates as Array<{ role: string; state: string; loadMs: number }>;
    for (const r of reports.filter((i) => i.role === 'worker')) assert.ok(['loaded', 'pending'].includes(r.state));

    // v1 connections stayed on v1; v3 migrates them and keeps their counts.
    for (const [conn, request] of pinned) {
      assert.equal(unhex((await h.must(ask(request.thread as number, conn))).reverse as string), 'v1 1\n');
    }
    install(v3.source);
    assert.equal((await admin({ cmd: 'reload' })).ok, true);
    for (const [conn, request] of pinned) {
      assert.equal(unhex((await h.must(ask(request.thread as number, conn))).reverse as string), 'v3 2\n');
      await h.must({ cmd: 'envoyClose', thread: request.thread, conn });
    }
  });

  it('refuses a broken bundle with a clear error and keeps serving the version in force', async () => {
    const before = await admin({ cmd: 'status' });
    install('exports.parsers = [{ name: "test.versioned" }]');
    const refused = await admin({ cmd: 'reload' });
    assert.equal(refused.ok, false);
    assert.match(String(refused.error), /refused, version \d+ keeps serving: parsers\[0\] is not a parser module/);
    assert.deepEqual((await admin({ cmd: 'status' })).bundle, before.bundle);
    for (const thread of THREADS) assert.equal(await versionOn(thread), 'v3 1\n');
  });

  it('releases old versions: 120 swaps leave one generation per worker and a flat heap', async () => {
    const collect = async () => {
      const out = [];
      for (const thread of THREADS) {
        // Twice: a WeakRef keeps its target until the job that made it ends, which the first command ends.
        await h.must({ cmd: 'control', thread, module, request: { cmd: 'gc' } });
        await h.must({ cmd: 'control', thread, module, request: { cmd: 'gc' } });
        out.push(await stats(thread));
      }
      return out;
    };
    const swap = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        install(`${v1.source}\n// build ${i}\n`);
        assert.equal((await admin({ cmd: 'reload', waitMs: 0 })).ok, true);
        for (const thread of THREADS) assert.equal(await versionOn(thread), 'v1 1\n');
      }
      return collect();
    };
    const warm = await swap(0, 20);
    const later = await swap(20, 120);
    for (let t = 0; t < THREADS.length; t++) {
      assert.equal(later[t].liveGenerations, 1, `thread ${THREADS[t]}`);
      const growth = later[t].usedHeapSize - warm[t].usedHeapSize;
      assert.ok(growth < 4 * 1024 * 1024, `thread ${THREADS[t]}: heap grew ${growth} bytes over 120 swaps`);
    }
  });
});
