/**
 * What only the C++ floor library has: its link shape, its two benchmark parsers, the bench
 * subcommand that measures them, and the envoy-filter unit tests (the scripted-library checks of
 * every rule of the Envoy algorithm). Always runs against build/lib/libcilium_floor.so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BUILD_DIR, FLOOR_LIB, HARNESS_BIN, Harness, hex } from './client.ts';

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('libcilium_floor.so link shape', () => {
  test('exports exactly the five ABI functions', () => {
    const r = run('nm', ['-D', '--defined-only', FLOOR_LIB]);
    assert.equal(r.status, 0, r.stderr);
    const names = r.stdout.split('\n').filter((l) => / [TDBRW] /.test(l)).map((l) => l.split(' ').pop()).sort();
    assert.deepEqual(names, ['Close', 'CloseModule', 'OnData', 'OnNewConnection', 'OpenModule']);
  });

  test('is never unloaded (-z nodelete)', () => {
    const r = run('readelf', ['-d', FLOOR_LIB]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /FLAGS_1.*NODELETE/);
  });
});

describe('floor benchmark parsers', () => {
  let h: Harness;
  let module: string;
  before(async () => {
    h = Harness.start();
    const loaded = await h.must({ cmd: 'load', lib: FLOOR_LIB });
    assert.equal(loaded.testControl, false);
    module = (await h.must({ cmd: 'openModule', params: [] })).id;
  });
  after(async () => {
    await h.must({ cmd: 'closeModule', id: module });
    assert.equal(await h.close(), 0);
  });

  async function ops(proto: string, slices: string[]) {
    const conn = '1';
    assert.equal((await h.must({ cmd: 'newConnection', module, proto, conn, dstAddr: '1.2.3.4:80' })).result, 0);
    const r = await h.must({ cmd: 'onData', conn, slices: slices.map((s) => hex(s)) });
    await h.must({ cmd: 'close', conn });
    assert.equal(r.result, 0);
    return r.ops;
  }

  test('test.nop never returns an op', async () => {
    assert.deepEqual(await ops('test.nop', ['anything at all\n']), []);
    assert.deepEqual(await ops('test.nop', []), []);
  });

  test('test.framepasser passes a frame on its header alone and asks for the next header', async () => {
    // Frames of 3 and 0 payload bytes, then a header announcing 256 bytes of which 2 arrived.
    const input = '\0\0\0\x03abc' + '\0\0\0\0' + '\0\0\x01\x00xy';
    assert.deepEqual(await ops('test.framepasser', [input.slice(0, 5), input.slice(5)]), [[1, 7], [1, 4], [1, 260], [0, 4]]);
    assert.deepEqual(await ops('test.framepasser', ['\0\0']), [[0, 2]]);
    assert.deepEqual(await ops('test.framepasser', []), [[0, 4]]);
  });

  test('control is refused: the floor has no ProxylibTestControl', async () => {
    const r = await h.call({ cmd: 'control', module, request: {} });
    assert.match(r.error!, /does not export ProxylibTestControl/);
  });
});

describe('bench subcommand', () => {
  for (const [proto, size] of [['test.nop', 16], ['test.passer', 1024], ['test.lineparser', 1024], ['test.blockparser', 64], ['test.framepasser', 1024]] as const) {
    test(`${proto} at ${size} bytes prints one JSON line`, () => {
      const r = run(HARNESS_BIN, ['bench', '--lib', FLOOR_LIB, '--proto', proto, '--size', String(size), '--slices', '2', '--iters', '1000']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out).sort(), ['iters', 'lib', 'nsPerCall', 'proto', 'size', 'slices']);
      assert.equal(out.proto, proto);
      assert.equal(out.size, size);
      assert.equal(out.iters, 1000);
      assert.ok(out.nsPerCall > 0);
    });
  }

  test('input a parser rejects is refused, not measured', () => {
    const r = run(HARNESS_BIN, ['bench', '--lib', FLOOR_LIB, '--proto', 'test.lineparser', '--input-hex', hex('BOGUS\n'), '--iters', '10']);
    assert.equal(r.status, 1);
    assert.match(JSON.parse(r.stdout).error, /ERROR op/);
  });

  test('a size too small for a frame is refused', () => {
    const r = run(HARNESS_BIN, ['bench', '--lib', FLOOR_LIB, '--proto', 'test.lineparser', '--size', '3']);
    assert.equal(r.status, 1);
    assert.match(JSON.parse(r.stdout).error, /too small/);
  });
});

test('envoy-filter unit tests pass', () => {
  const r = run(path.join(BUILD_DIR, 'bin/envoy-filter-test'), []);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^\d+ tests, 0 failed checks$/m);
});
