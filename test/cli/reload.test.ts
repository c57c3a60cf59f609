/**
 * `tsproxylib reload` and `status` against libcilium.so (driven by the C++ harness, one worker thread),
 * as a user runs them: the CLI as a child process talking to the library's admin socket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIBCILIUM } from '../e2e/envoy/paths.ts';
import { Harness, hex, unhex } from '../harness/client.ts';
import { SwapDir } from '../hotswap/swap-dir.ts';
import { buildVersion, versionedPolicy, type BuiltVersion } from '../hotswap/versions.ts';
import { runCli } from './run-cli.ts';

describe('tsproxylib reload and status', () => {
  const files = new SwapDir('cli-reload');
  let v1: BuiltVersion, v2: BuiltVersion;
  let h: Harness;
  let module = '';
  let nextConn = 1;
  const cli = (...args: string[]) => runCli([...args, '--admin-socket', files.adminSocket]);
  /** A new connection on the worker thread asks VERSION; returns the answer. */
  async function version(): Promise<string> {
    const conn = String(nextConn++);
    await h.must({ cmd: 'newConnection', thread: 1, module, proto: 'test.versioned', conn, srcId: 1, dstId: 2,
      srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '1.1.1.1' });
    const answer = await h.must({ cmd: 'onData', thread: 1, conn, reply: false, end: false, slices: [hex('VERSION\n')] });
    await h.must({ cmd: 'close', thread: 1, conn });
    return unhex(answer.reply as string);
  }

  before(async () => {
    [v1, v2] = await Promise.all([buildVersion('v1'), buildVersion('v2')]);
    files.install(v1.source);
    files.writePolicy(versionedPolicy(['VERSION']));
    h = Harness.start();
    await h.must({ cmd: 'load', lib: LIBCILIUM });
    module = String((await h.must({ cmd: 'openModule', params: [
      ['parser-bundle', files.bundleFile], ['admin-socket', files.adminSocket], ['policy-file', files.policyFile]] })).id);
    assert.equal(await version(), 'v1 1\n');
  });
  after(async () => {
    await h.must({ cmd: 'closeModule', id: module });
    await h.close();
    files.remove();
  });

  it('status shows the version in force and each isolate', () => {
    const r = cli('status');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^parser bundle version 1: ${files.bundleFile}$`, 'm'));
    assert.match(r.stdout, /^ {2}parsers {3}.*test\.versioned/m);
    assert.match(r.stdout, /^ {2}isolate \d+ +control +loaded version 1/m);
    assert.match(r.stdout, /^ {2}isolate \d+ +worker +loaded version 1 in \d+\.\d\d ms$/m);
    const json = JSON.parse(cli('status', '--json').stdout);
    assert.equal(json.bundle.seq, 1);
  });

  it('reload swaps another bundle in; an idle worker is pending until its next call', async () => {
    const r = cli('reload', '--bundle', v2.file, '--wait', '0');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^version 2 of ${v2.file} published: .*test\\.versioned`, 'm'));
    assert.match(r.stdout, /^ {2}isolate \d+ +worker +pending: still on version 1, loads version 2 at its next call$/m);
    assert.equal(await version(), 'v2 1\n');
    assert.match(cli('status').stdout, /^ {2}isolate \d+ +worker +loaded version 2/m);
    assert.match(cli('reload', '--bundle', v2.file).stdout, /^version 2 .* is already in force: nothing to swap/m);
  });

  it('reload of a broken bundle fails in one line, and the version in force serves on', async () => {
    files.install('exports.parsers = [{ name: "test.versioned", create: 1 }]');
    const r = cli('reload', '--bundle', files.bundleFile);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^tsproxylib: reload: parser bundle .* refused, version 2 keeps serving: parsers\[0\] is not a parser module/);
    assert.equal(await version(), 'v2 1\n');
  });
});
