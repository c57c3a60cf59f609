/**
 * The harness's own protocol: error answers, threads and `parallel`, Envoy-algorithm connections and
 * the access-log collector. Runs against the library under test (HARNESS_LIB, default the floor).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { HARNESS_BIN, Harness, hex, libraryUnderTest, unhex } from './client.ts';

let h: Harness;
let module: string;

before(async () => {
  h = Harness.start();
  const loaded = await h.must({ cmd: 'load', lib: libraryUnderTest() });
  assert.equal(typeof loaded.testControl, 'boolean');
  module = (await h.must({ cmd: 'openModule', params: [] })).id;
});

after(async () => {
  await h.must({ cmd: 'closeModule', id: module });
  assert.equal(await h.close(), 0);
});

describe('requests and errors', () => {
  test('bad requests answer {error} and the harness keeps serving', async () => {
    assert.match((await h.call({ cmd: 'nope' })).error!, /unknown cmd 'nope'/);
    assert.match((await h.call({ cmd: 'onData', conn: 'x1' })).error!, /field 'conn' must be a uint64/);
    assert.match((await h.call({ cmd: 'onData', conn: '1', slices: ['abc'] })).error!, /odd length/);
    assert.match((await h.call({ cmd: 'newConnection', module })).error!, /missing field 'conn'/);
    assert.match((await h.call({ cmd: 'load', lib: '/nonexistent.so' })).error!, /already loaded/);
    assert.match((await h.call({ cmd: 'clearBuf', conn: '1', which: 'both' })).error!, /which must be/);
    assert.match((await h.call({ cmd: 'envoyData', conn: '55555' })).error!, /unknown envoy connection/);
    assert.equal((await h.must({ cmd: 'openModule', params: [] })).id, module);
    await h.must({ cmd: 'closeModule', id: module });
  });

  test('a line that is not JSON gets an error line, in order', async () => {
    const child = spawn(HARNESS_BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    const done = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (l) => lines.push(l)).on('close', resolve);
    });
    child.stdin.end('not json\n\n{"cmd":"openModule"}\n{"cmd":"quit"}\n{"cmd":"never"}\n');
    await done;
    assert.equal(lines.length, 3);
    assert.match(JSON.parse(lines[0]!).error, /parse error/);
    assert.match(JSON.parse(lines[1]!).error, /no library loaded/);
    assert.deepEqual(JSON.parse(lines[2]!), { ok: true });
  });
});

describe('threads', () => {
  test('requests run on the thread they name; connections work across requests on it', async () => {
    const conn = '9001';
    assert.equal((await h.must({ cmd: 'newConnection', thread: 3, module, proto: 'test.passer', conn, dstAddr: '1.2.3.4:80' })).result, 0);
    const r = await h.must({ cmd: 'onData', thread: 3, conn, slices: [hex('abc')] });
    assert.deepEqual(r.ops, [[1, 3]]);
    assert.equal((await h.must({ cmd: 'close', thread: 3, conn })).closeCalls, 1);
    assert.match((await h.call({ cmd: 'openModule', thread: 100000 })).error!, /thread index must be below/);
  });

  test('parallel runs each list on its own thread, all at once, answers in list order', async () => {
    const list = (conn: string, line: string) => [
      { cmd: 'newConnection', module, proto: 'test.lineparser', conn, dstAddr: '1.2.3.4:80' },
      ...Array.from({ length: 50 }, () => ({ cmd: 'onData', conn, slices: [hex(line)] })),
      { cmd: 'close', conn },
    ];
    const r = await h.must({ cmd: 'parallel', threads: [list('9101', 'PASS one\n'), list('9102', 'DROP second\n')] });
    assert.equal(r.results.length, 2);
    const [a, b] = r.results as Array<Array<Record<string, any>>>;
    assert.equal(a!.length, 52);
    assert.equal(b!.length, 52);
    assert.deepEqual(a![0], { result: 0 });
    assert.deepEqual(b![0], { result: 0 });
    for (const x of a!.slice(1, 51)) assert.deepEqual(x.ops, [[1, 9]]);
    for (const x of b!.slice(1, 51)) assert.deepEqual(x.ops, [[2, 12]]);
    assert.equal(a![51]!.closeCalls, 1);
    assert.equal(b![51]!.closeCalls, 1);
  });

  test('parallel cannot nest, and each request error is reported in place', async () => {
    const r = await h.must({ cmd: 'parallel', threads: [[{ cmd: 'parallel', threads: [] }, { cmd: 'openModule' }]] });
    assert.match(r.results[0][0].error, /cannot be nested/);
    assert.equal(r.results[0][1].id, module);
    await h.must({ cmd: 'closeModule', id: module });
  });
});

describe('Envoy-algorithm connections', () => {
  async function envoyData(conn: string, data: string, opts: { reply?: boolean; end?: boolean } = {}) {
    const r = await h.must({ cmd: 'envoyData', conn, data: hex(data), reply: opts.reply ?? false, end: opts.end ?? false });
    return { ok: r.ok as boolean, out: unhex(r.out), reverse: unhex(r.reverse), closed: r.closed as boolean, reason: r.reason };
  }

  test('buffers partial frames, flushes reverse injection, closes once on error', async () => {
    const conn = '18446744073709551615';
    const c = await h.must({ cmd: 'envoyConnect', module, proto: 'test.lineparser', conn, srcId: 1, dstId: 173,
      srcAddr: '127.0.0.1:40000', dstAddr: '127.0.0.1:8080', policyName: '127.0.0.1' });
    assert.equal(c.result, 0);
    assert.deepEqual(await envoyData(conn, 'PASS par'), { ok: true, out: '', reverse: '', closed: false, reason: undefined });
    assert.equal((await envoyData(conn, 'tial\nDROP x\nPASS y\n')).out, 'PASS partial\nPASS y\n');
    assert.deepEqual(await envoyData(conn, 'INJECT me\n'), { ok: true, out: '', reverse: 'INJECT me\n', closed: false, reason: undefined });
    assert.equal((await envoyData(conn, 'PASS r\n', { reply: true })).out, 'PASS r\n');
    const bad = await envoyData(conn, 'PASS ok\nWHAT\n');
    assert.equal(bad.ok, false);
    assert.equal(bad.out, '');
    assert.equal(bad.closed, true);
    assert.match(bad.reason, /ERROR op with code 2/);
    assert.equal((await h.must({ cmd: 'closeCalls', conn })).closeCalls, 1);
    const later = await envoyData(conn, 'PASS z\n', { reply: true });
    assert.equal(later.closed, true);
    assert.equal(later.ok, false);
    assert.equal((await h.must({ cmd: 'envoyClose', conn })).closeCalls, 1);
  });

  test('a rejected connection is not kept; destroying an open one closes it once', async () => {
    const rejected = await h.must({ cmd: 'envoyConnect', module, proto: 'test.passer', conn: '9201', dstAddr: '1.2.3.4:80', policyName: 'invalid-policy' });
    assert.equal(rejected.result, 1);
    assert.match((await h.call({ cmd: 'envoyData', conn: '9201' })).error!, /unknown envoy connection/);
    await h.must({ cmd: 'envoyConnect', module, proto: 'test.passer', conn: '9202', dstAddr: '1.2.3.4:80' });
    assert.match((await h.call({ cmd: 'envoyConnect', module, proto: 'test.passer', conn: '9202', dstAddr: '1.2.3.4:80' })).error!, /already exists/);
    assert.equal((await envoyData('9202', 'x'.repeat(100000))).out.length, 100000);
    assert.equal((await h.must({ cmd: 'envoyClose', conn: '9202' })).closeCalls, 1);
  });
});

describe('access-log collector', () => {
  let dir: string;
  let sock: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-harness-log-'));
    sock = path.join(dir, 'access_log.sock');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('collects one entry per packet, drops oversized packets, takes and clears', async () => {
    await h.must({ cmd: 'accessLogServe', path: sock });
    assert.match((await h.call({ cmd: 'accessLogServe', path: sock })).error!, /already running/);
    const big = 'ab'.repeat(70 * 1024);
    await h.must({ cmd: 'accessLogSend', path: sock, entries: [hex('first'), big, hex('second')] });
    // Packets of different clients may interleave: take the first client's before the second sends.
    const r = await h.must({ cmd: 'accessLogTake', atLeast: 2, timeoutMs: 2000 });
    assert.deepEqual(r.entries.map(unhex), ['first', 'second']);
    await h.must({ cmd: 'accessLogSend', path: sock, entries: [hex('third')] });
    assert.deepEqual((await h.must({ cmd: 'accessLogTake', atLeast: 1, timeoutMs: 2000 })).entries.map(unhex), ['third']);
    const empty = await h.must({ cmd: 'accessLogTake', atLeast: 0, timeoutMs: 0 });
    assert.deepEqual(empty.entries, []);
    const waited = Date.now();
    assert.deepEqual((await h.must({ cmd: 'accessLogTake', atLeast: 1, timeoutMs: 100 })).entries, []);
    assert.ok(Date.now() - waited >= 100);
    await h.must({ cmd: 'accessLogStop' });
    assert.match((await h.call({ cmd: 'accessLogSend', path: sock, entries: [hex('x')] })).error!, /connecting to/);
  });
});
