/**
 * The raw C ABI of the library under test (HARNESS_LIB, default the C++ floor), driven call by call
 * through the harness: OpenModule de-duplication, OnNewConnection result codes, the framework's OnData
 * loop (op capacity, re-calls, inject buffers) and Close. Only Cilium's test parsers are used, so the
 * same file checks our libcilium.so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness, hex, libraryUnderTest, unhex } from './client.ts';

const MORE = 0;
const PASS = 1;
const DROP = 2;
const INJECT = 3;
const ERROR = 4;

const OK = 0;
const POLICY_DROP = 1;
const PARSER_ERROR = 2;
const UNKNOWN_PARSER = 3;
const UNKNOWN_CONNECTION = 4;
const INVALID_ADDRESS = 5;
const INVALID_INSTANCE = 6;

let h: Harness;
let module: string;
let nextConn = 100;

before(async () => {
  h = Harness.start();
  await h.must({ cmd: 'load', lib: libraryUnderTest() });
  module = (await h.must({ cmd: 'openModule', params: [] })).id;
  assert.notEqual(module, '0');
});

after(async () => {
  await h.must({ cmd: 'closeModule', id: module });
  assert.equal(await h.close(), 0);
});

interface Conn {
  id: string;
  proto: string;
}

async function connect(proto: string, extra: Record<string, unknown> = {}): Promise<Conn> {
  const id = String(nextConn++);
  const r = await h.must({
    cmd: 'newConnection', module, proto, conn: id, ingress: true, srcId: 1, dstId: 173,
    srcAddr: '10.0.0.1:34567', dstAddr: '10.0.0.2:80', policyName: '10.0.0.2', bufSize: 1024, ...extra,
  });
  assert.equal(r.result, OK);
  return { id, proto };
}

async function onData(conn: Conn, slices: string[], opts: { reply?: boolean; end?: boolean; opsCap?: number } = {}) {
  const r = await h.must({
    cmd: 'onData', conn: conn.id, reply: opts.reply ?? false, end: opts.end ?? false,
    slices: slices.map((s) => hex(s)), opsCap: opts.opsCap ?? 16,
  });
  return { result: r.result as number, ops: r.ops as Array<[number, number]>, orig: unhex(r.orig), reply: unhex(r.reply) };
}

async function close(conn: Conn): Promise<void> {
  const r = await h.must({ cmd: 'close', conn: conn.id });
  assert.equal(r.closeCalls, 1);
}

describe('OpenModule and CloseModule', () => {
  test('equal parameters share an instance, reference-counted', async () => {
    const params = [['access-log-path', '/tmp/tsproxylib-abi-test-a.sock']];
    const a = (await h.must({ cmd: 'openModule', params })).id;
    assert.notEqual(a, '0');
    assert.equal((await h.must({ cmd: 'openModule', params })).id, a);
    await h.must({ cmd: 'closeModule', id: a });
    // Still one reference: the same instance again.
    assert.equal((await h.must({ cmd: 'openModule', params })).id, a);
    await h.must({ cmd: 'closeModule', id: a });
    await h.must({ cmd: 'closeModule', id: a });
    // All references gone: a new instance with a new id (ids are never reused).
    const b = (await h.must({ cmd: 'openModule', params })).id;
    assert.notEqual(b, '0');
    assert.notEqual(b, a);
    await h.must({ cmd: 'closeModule', id: b });
  });

  test('different parameters get different instances', async () => {
    const a = (await h.must({ cmd: 'openModule', params: [['access-log-path', '/tmp/tsproxylib-abi-test-b.sock']] })).id;
    assert.notEqual(a, '0');
    assert.notEqual(a, module);
    await h.must({ cmd: 'closeModule', id: a });
  });

  test('an unknown key is rejected with 0', async () => {
    assert.equal((await h.must({ cmd: 'openModule', params: [['no-such-key', 'x']] })).id, '0');
    assert.equal((await h.must({ cmd: 'openModule', params: [['node-id', 'n'], ['bogus', '']] })).id, '0');
  });

  test('a closed instance no longer takes connections', async () => {
    const a = (await h.must({ cmd: 'openModule', params: [['node-id', 'closed-instance-test']] })).id;
    await h.must({ cmd: 'closeModule', id: a });
    const r = await h.must({ cmd: 'newConnection', module: a, proto: 'test.passer', conn: '99', dstAddr: '1.2.3.4:80' });
    assert.equal(r.result, INVALID_INSTANCE);
  });
});

describe('OnNewConnection', () => {
  async function result(fields: Record<string, unknown>): Promise<number> {
    const r = await h.must({
      cmd: 'newConnection', module, proto: 'test.passer', conn: '77', ingress: true, srcId: 1, dstId: 2,
      srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '10.0.0.2', ...fields,
    });
    if (r.result === OK) await h.must({ cmd: 'close', conn: '77' });
    return r.result;
  }

  test('result codes, checked in Cilium order', async () => {
    assert.equal(await result({ module: '987654' }), INVALID_INSTANCE);
    assert.equal(await result({ module: '987654', proto: 'no.such.parser' }), INVALID_INSTANCE);
    assert.equal(await result({ proto: 'no.such.parser' }), UNKNOWN_PARSER);
    assert.equal(await result({ proto: 'no.such.parser', dstAddr: 'garbage' }), UNKNOWN_PARSER);
    assert.equal(await result({ dstAddr: '10.0.0.2:XYZ' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '10.0.0.2' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '10.0.0.2:0' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '::1:80' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '[::1]' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '10.0.0.2:4294967296' }), INVALID_ADDRESS);
    assert.equal(await result({ dstAddr: '10.0.0.2:-1' }), INVALID_ADDRESS);
    assert.equal(await result({ policyName: 'invalid-policy' }), POLICY_DROP);
    assert.equal(await result({}), OK);
    assert.equal(await result({ dstAddr: '[::1]:80' }), OK);
    assert.equal(await result({ dstAddr: ':80' }), OK);
    assert.equal(await result({ dstAddr: '10.0.0.2:4294967295' }), OK);
  });

  test('connection id 12345678901234567890 (above 2^63)', async () => {
    const conn = await connect('test.passer');
    const big: Conn = { id: '12345678901234567890', proto: 'test.passer' };
    const r = await h.must({ cmd: 'newConnection', module, proto: 'test.passer', conn: big.id, dstAddr: '10.0.0.2:80', policyName: 'p' });
    assert.equal(r.result, OK);
    assert.deepEqual((await onData(big, ['hello'])).ops, [[PASS, 5]]);
    // A neighbouring id that differs only above bit 63 is another connection.
    assert.equal((await onData({ id: '3122306864379792082', proto: '' }, ['x'])).result, UNKNOWN_CONNECTION);
    await close(big);
    assert.equal((await onData(big, ['hello'])).result, UNKNOWN_CONNECTION);
    await close(conn);
  });
});

describe('OnData', () => {
  test('unknown and closed connections', async () => {
    assert.equal((await onData({ id: '424242', proto: '' }, ['x'])).result, UNKNOWN_CONNECTION);
    const conn = await connect('test.passer');
    await close(conn);
    const r = await onData(conn, ['x']);
    assert.equal(r.result, UNKNOWN_CONNECTION);
    assert.deepEqual(r.ops, []);
  });

  test('test.passer passes all slices in one op, in both directions; NOP on no input', async () => {
    const conn = await connect('test.passer');
    assert.deepEqual((await onData(conn, ['ab', 'cde'])).ops, [[PASS, 5]]);
    assert.deepEqual((await onData(conn, ['xyz'], { reply: true })).ops, [[PASS, 3]]);
    assert.deepEqual((await onData(conn, [])).ops, []);
    assert.deepEqual((await onData(conn, [], { end: true })).ops, []);
    await close(conn);
  });

  test('the loop re-calls the parser after PASS/DROP until MORE', async () => {
    const conn = await connect('test.lineparser');
    const r = await onData(conn, ['PASS a\nDR', 'OP b\nPA']);
    assert.equal(r.result, OK);
    assert.deepEqual(r.ops, [[PASS, 7], [DROP, 7], [MORE, 1]]);
    await close(conn);
  });

  test('the op capacity cuts the loop off; the caller re-calls with the rest', async () => {
    const conn = await connect('test.lineparser');
    const input = 'PASS 1\nPASS 2\nDROP 3\nPASS 4\n';
    assert.deepEqual((await onData(conn, [input], { opsCap: 2 })).ops, [[PASS, 7], [PASS, 7]]);
    assert.deepEqual((await onData(conn, [input.slice(14)], { opsCap: 2 })).ops, [[DROP, 7], [PASS, 7]]);
    await close(conn);
  });

  test('with no op capacity the parser is not called at all', async () => {
    const conn = await connect('test.lineparser');
    // Had the parser run, the INSERT line would be in the inject buffer and its state would expect
    // to drop that line next.
    const none = await onData(conn, ['INSERT x\n'], { opsCap: 0 });
    assert.deepEqual(none, { result: OK, ops: [], orig: '', reply: '' });
    const r = await onData(conn, ['INSERT x\n']);
    assert.deepEqual(r.ops, [[INJECT, 9], [DROP, 9]]);
    assert.equal(r.orig, 'INSERT x\n');
    assert.equal(r.reply, '');
    await close(conn);
  });

  test('reverse injection writes the other direction and returns no op for it', async () => {
    const conn = await connect('test.lineparser');
    const r = await onData(conn, ['INJECT hi\nPASS x\n']);
    assert.deepEqual(r.ops, [[DROP, 10], [PASS, 7]]);
    assert.equal(r.reply, 'INJECT hi\n');
    assert.equal(r.orig, '');
    // The harness does not clear inject buffers between calls; clearBuf does.
    assert.equal((await onData(conn, ['PASS y\n'])).reply, 'INJECT hi\n');
    await h.must({ cmd: 'clearBuf', conn: conn.id, which: 'reply' });
    assert.equal((await onData(conn, ['PASS z\n'])).reply, '');
    // Replies inject into the original direction.
    const back = await onData(conn, ['INJECT back\n'], { reply: true });
    assert.deepEqual(back.ops, [[DROP, 12]]);
    assert.equal(back.orig, 'INJECT back\n');
    await close(conn);
  });

  test('same-direction injection stops the loop when the inject buffer is full', async () => {
    const conn = await connect('test.blockparser');
    const block = '5000:INSERT original direction' + 'A'.repeat(4969) + '\n';
    let inserted = '';
    for (let round = 0; round < 4; round++) {
      const r = await onData(conn, [block.slice(0, 2000), block.slice(2000)]);
      assert.deepEqual(r.ops, [[INJECT, 1024]], `round ${round}`);
      inserted += r.orig;
      await h.must({ cmd: 'clearBuf', conn: conn.id, which: 'orig' });
    }
    const last = await onData(conn, [block]);
    assert.deepEqual(last.ops, [[INJECT, 904], [DROP, 5000]]);
    inserted += last.orig;
    assert.equal(inserted, block);
    await close(conn);
  });

  test('an op with length 0 is PARSER_ERROR', async () => {
    const conn = await connect('test.blockparser');
    // PASS seen before the length is known: PASS 0.
    assert.equal((await onData(conn, ['xPASSx'])).result, PARSER_ERROR);
    await close(conn);
  });

  test('ERROR ops do not stop the loop', async () => {
    const conn = await connect('test.lineparser');
    const r = await onData(conn, ['BOGUS\n'], { opsCap: 3 });
    assert.equal(r.result, OK);
    assert.deepEqual(r.ops, [[ERROR, 2], [ERROR, 2], [ERROR, 2]]);
    await close(conn);
  });

  test('test.blockparser decides PASS and DROP on a partial block; MORE for the missing bytes', async () => {
    const conn = await connect('test.blockparser');
    assert.deepEqual((await onData(conn, ['24:DROP reply '])).ops, [[DROP, 24]]);
    assert.deepEqual((await onData(conn, ['24:PA'])).ops, [[MORE, 19]]);
    assert.deepEqual((await onData(conn, ['12'])).ops, [[MORE, 1]]);
    await close(conn);
  });

  test('test.blockparser: a bad length is ERROR INVALID_FRAME_LENGTH, an unknown block ERROR INVALID_FRAME_TYPE', async () => {
    const conn = await connect('test.blockparser');
    assert.deepEqual((await onData(conn, ['1:X'], { opsCap: 2 })).ops, [[ERROR, 3], [ERROR, 3]]);
    assert.deepEqual((await onData(conn, ['abc:X'], { opsCap: 1 })).ops, [[ERROR, 3]]);
    assert.deepEqual((await onData(conn, ['99999999999999999999:X'], { opsCap: 1 })).ops, [[ERROR, 3]]);
    assert.deepEqual((await onData(conn, ['4:XY'], { opsCap: 1 })).ops, [[ERROR, 2]]);
    await close(conn);
  });

  test('Close makes the id unknown; Close of an unknown id is harmless', async () => {
    const conn = await connect('test.passer');
    await close(conn);
    const again = await h.must({ cmd: 'close', conn: conn.id });
    assert.equal(again.closeCalls, 2);
    assert.equal((await onData(conn, ['x'])).result, UNKNOWN_CONNECTION);
  });
});
