/**
 * Hot swap in plain Node: the framework's control plane and runtime behind the memory bridge, one
 * isolate playing control and worker as in the addon. The bundle file and the admin socket are real.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { adminRequest } from '../../src/control/admin-client.ts';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../src/testing/harness.ts';
import { SwapDir } from './swap-dir.ts';
import { buildVersion, versionedPolicy, type BuiltVersion } from './versions.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('hot swap of a parser bundle (memory bridge)', () => {
  const files = new SwapDir('hot-swap');
  const { dir, bundleFile, adminSocket } = files;
  const install = (source: string) => files.install(source);
  let v1: BuiltVersion, v2: BuiltVersion, v3: BuiltVersion;
  let harness: Harness;

  const reload = (request: Record<string, unknown> = {}) => adminRequest(adminSocket, { cmd: 'reload', ...request });
  const opened: TestConnection[] = [];
  const open = () => {
    const conn = harness.connect('test.versioned');
    opened.push(conn);
    return conn;
  };
  afterEach(() => {
    for (const conn of opened.splice(0)) harness.close(conn);
  });
  /** Sends VERSION on `conn` and expects `answer` injected towards the client. */
  const askVersion = (conn: TestConnection, answer: string) =>
    checkOnData(conn, { data: ['VERSION\n'], ops: [['DROP', 8]], replyInject: `${answer}\n` });

  before(async () => {
    [v1, v2, v3] = await Promise.all([buildVersion('v1'), buildVersion('v2'), buildVersion('v3', true)]);
    install(v1.source);
    harness = createHarness({ params: { 'parser-bundle': bundleFile, 'admin-socket': adminSocket } });
    assert.deepEqual(harness.control({ cmd: 'controlOpen', module: harness.module }), { ok: true });
    assert.deepEqual(harness.insertPolicy(versionedPolicy(['VERSION', 'HELLO'])), { ok: true });
  });
  after(() => {
    harness.control({ cmd: 'controlClose', module: harness.module });
    files.remove();
  });

  it('serves new connections with the new version while open ones finish on theirs, and migrates those that allow it', async () => {
    const a = open();
    askVersion(a, 'v1 1');

    install(v2.source);
    const swapped = await reload();
    assert.equal(swapped.ok, true, JSON.stringify(swapped));
    assert.deepEqual((swapped.isolates as Array<{ state: string }>).map((i) => i.state), ['loaded']);
    const b = open();
    askVersion(b, 'v2 1');
    askVersion(a, 'v1 2');
    checkOnData(a, { data: ['NOPE\n'], ops: [['DROP', 5]], replyInject: 'DENIED\n' });

    // v3's module migrates: both connections move at their next frame, keeping their line counts.
    install(v3.source);
    assert.equal((await reload()).ok, true);
    askVersion(a, 'v3 4');
    askVersion(b, 'v3 2');
    askVersion(open(), 'v3 1');
  });

  it('refuses a bundle that does not compile, throws, exports no parsers, fails its self-check or breaks the policy in force', async () => {
    const before = harness.control({ cmd: 'stats' });
    const broken: Array<[string, RegExp]> = [
      ['exports.parsers = [', /does not compile/],
      ['throw new Error("no config")', /throws while loading: no config/],
      ['exports.other = 1', /does not export a non-empty "parsers" array/],
      ['exports.parsers = [{ name: "a", create() {} }, { name: "a", create() {} }]', /parser a is listed twice/],
      ['exports.parsers = [{ name: "a", create() {} }]; exports.selfCheck = () => { throw new Error("vector 3 fails") }', /selfCheck failed: vector 3 fails/],
      // Replaces test.versioned by a module without rule parser: the policy in force names its rules.
      ['exports.parsers = [{ name: "test.versioned", create() { return null } }]', /policy in force of module \d+ does not compile with its rule parsers: it has no rule parser for test.versioned/],
      // A rule parser that rejects the rules in force.
      ['exports.parsers = [{ name: "test.versioned", create() { return null }, parseRules() { throw new Error("cmd unknown") } }]', /policy in force of module \d+ does not compile with its rule parsers: .*cmd unknown/],
    ];
    for (const [source, why] of broken) {
      install(source);
      const answer = await reload();
      assert.equal(answer.ok, false, source);
      assert.match(String(answer.error), why);
      assert.match(String(answer.error), /refused, version \d+ keeps serving/);
    }
    assert.equal(harness.control({ cmd: 'stats' }).bundleSeq, before.bundleSeq);
    askVersion(open(), 'v3 1');
  });

  it('keeps one bundle per process: a second instance naming another file is refused, one naming the same file shares it', async () => {
    const { bridge } = harness;
    const same = bridge.openModule('', { 'parser-bundle': bundleFile });
    const other = bridge.openModule('', { 'parser-bundle': path.join(dir, 'other.cjs') });
    const seq = harness.control({ cmd: 'stats' }).bundleSeq;
    assert.deepEqual(harness.control({ cmd: 'controlOpen', module: same }), { ok: true });
    assert.deepEqual(harness.control({ cmd: 'controlOpen', module: other }), { ok: true });
    assert.ok(bridge.printed.some((p) => p.level === 3 && p.message === `module ${other}: parser-bundle ${path.join(dir, 'other.cjs')} ignored, ${bundleFile} is in use (one per process)`));
    // Closing the sharer leaves the bundle watched for the first instance.
    harness.control({ cmd: 'controlClose', module: same });
    harness.control({ cmd: 'controlClose', module: other });
    assert.equal(harness.control({ cmd: 'stats' }).bundleSeq, seq);
    assert.equal(((await adminRequest(adminSocket, { cmd: 'status' })).bundle as { watching: string }).watching, bundleFile);
  });

  it('swaps when the bundle file changes, without a command', async () => {
    const seq = harness.control({ cmd: 'stats' }).bundleSeq as number;
    install(v2.source);
    const deadline = Date.now() + 5000;
    while (harness.control({ cmd: 'stats' }).bundleSeq === seq && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(harness.control({ cmd: 'stats' }).bundleSeq, seq + 1);
    askVersion(open(), 'v2 1');
  });

  it('releases old versions once their last connection closed: 150 swaps keep the heap flat', async () => {
    const collect = async () => {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      return harness.control({ cmd: 'stats' });
    };
    const swap = async (from: number, swaps: number) => {
      for (let i = from; i < from + swaps; i++) {
        install(`${v1.source}\n// build ${i}\n`);
        assert.equal((await reload({ waitMs: 0 })).ok, true);
        const conn = harness.connect('test.versioned');
        askVersion(conn, 'v1 1');
        harness.close(conn);
      }
      return collect();
    };
    const pinned = open();
    const warm = await swap(0, 30);
    const later = await swap(30, 150);
    // The current generation and the one the still open connection started on.
    assert.equal(later.liveGenerations, 2);
    const growth = (later.usedHeapSize as number) - (warm.usedHeapSize as number);
    assert.ok(growth < 4 * 1024 * 1024, `heap grew ${growth} bytes over 150 swaps`);
    askVersion(pinned, 'v2 1');
    harness.close(pinned);
    opened.splice(0);
    assert.equal((await collect()).liveGenerations, 1);
  });
});
