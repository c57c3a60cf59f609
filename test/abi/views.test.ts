// Views of the input must not outlive the call: Envoy frees or reuses that memory afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { keptViews } from '../../src/testing/parsers/viewkeeper.ts';
import { AddonBackend } from './addon-backend.ts';

describe('input views after the call (plain Node, the real bridge)', () => {
  const backend = new AddonBackend();

  it('a large view lent from the caller is detached when the call returns', async () => {
    const module = await backend.openModule([], false);
    assert.equal((await backend.control(module, { cmd: 'registerParser', name: 'test.viewkeeper' })).ok, true);
    const r = await backend.newConnection({ module, proto: 'test.viewkeeper', conn: '900', ingress: true, srcId: 1, dstId: 2,
      srcAddr: 'a:1', dstAddr: 'b:80', policyName: 'p', bufSize: 64 });
    assert.equal(r, FilterResult.OK);
    const big = new Uint8Array(256 * 1024).fill(0x41);
    const small = new TextEncoder().encode('small input');
    keptViews.length = 0;
    assert.deepEqual(await backend.onData('900', false, false, [big], 4), { result: FilterResult.OK, ops: [[Op.PASS, big.length]] });
    assert.deepEqual(await backend.onData('900', false, false, [small], 4), { result: FilterResult.OK, ops: [[Op.PASS, small.length]] });
    assert.equal(keptViews.length, 2);
    // The 256 KiB view was Envoy's memory: detached, it reads as empty.
    assert.equal(keptViews[0]!.byteLength, 0);
    // The small one was a copy: it still holds its own call's bytes, never a later call's.
    assert.equal(new TextDecoder().decode(keptViews[1]), 'small input');
    await backend.onData('900', false, false, [new TextEncoder().encode('other bytes')], 4);
    assert.equal(new TextDecoder().decode(keptViews[1]), 'small input');
    await backend.close('900');
    await backend.closeModule(module);
  });
});
