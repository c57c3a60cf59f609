import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBridge } from './memory-bridge.ts';
import { toBytes } from './harness.ts';
import { FilterResult } from '../framework/types.ts';
import { CallSlot, type RuntimeHandlers } from '../framework/host.ts';

/** A bridge whose onData handler runs `body`; returns the bridge and an open connection's slot. */
function withHandler(body: (bridge: MemoryBridge) => void, injectBufSize = 4) {
  const bridge = new MemoryBridge({ arenaSize: 4 });
  const handlers: RuntimeHandlers = {
    newConnection: () => FilterResult.OK,
    onData: () => {
      body(bridge);
      return FilterResult.OK;
    },
    close: () => {},
    fault: () => {},
    control: () => '{}',
  };
  bridge.register(handlers);
  const instanceId = bridge.openModule();
  const { slot } = bridge.newConnection({
    instanceId, proto: 'x', id: '1', ingress: true, srcId: 1, dstId: 2, srcAddr: '', dstAddr: '', policyName: '', injectBufSize,
  });
  return { bridge, slot };
}

describe('MemoryBridge', () => {
  it('fetch copies windows of the input into the arena and updates the window slots', () => {
    const windows: string[] = [];
    const { bridge, slot } = withHandler((b) => {
      for (const offset of [0, 3, 5, 9, 12]) {
        const len = b.fetch(offset);
        assert.deepEqual([b.call[CallSlot.WIN_START], b.call[CallSlot.WIN_LEN]], [offset, len]);
        windows.push(Buffer.from(b.arena.subarray(0, len)).toString('latin1'));
      }
    });
    bridge.onData(slot, false, false, [toBytes('abc'), toBytes(''), toBytes('defgh'), toBytes('ij')], 1);
    assert.deepEqual(windows, ['abcd', 'defg', 'fghi', 'j', '']);
  });

  it('view lends a slice for a range inside one, copies otherwise, and detaches both after the call', () => {
    const views: Uint8Array[] = [];
    const { bridge, slot } = withHandler((b) => {
      views.push(b.view(1, 3), b.view(2, 6));
      assert.deepEqual([...views].map((v) => Buffer.from(v).toString('latin1')), ['bc', 'cdef']);
      assert.throws(() => b.view(5, 99), { code: 'ERR_RANGE' });
    });
    bridge.onData(slot, false, false, [toBytes('abcd'), toBytes('efg')], 1);
    assert.deepEqual(views.map((v) => v.length), [0, 0]);
  });

  it('inject copies what fits, keeps the buffer\'s capacity, and works only during a call', () => {
    const copied: number[] = [];
    const { bridge, slot } = withHandler((b) => {
      copied.push(b.inject(true, toBytes('abc')), b.inject(true, toBytes('def')), b.inject(false, toBytes('z')));
      assert.deepEqual([b.call[CallSlot.REPLY_LEN], b.call[CallSlot.REPLY_CAP], b.call[CallSlot.ORIG_LEN]], [4, 4, 1]);
    });
    bridge.onData(slot, false, false, [toBytes('x')], 1);
    assert.deepEqual(copied, [3, 1, 1]);
    assert.equal(Buffer.from(bridge.injected(slot, true)).toString(), 'abcd');
    assert.throws(() => bridge.inject(true, toBytes('x')), { code: 'ERR_NO_CALL' });
    assert.throws(() => bridge.fetch(0), { code: 'ERR_NO_CALL' });
  });

  it('keeps a policy store with sequence numbers', () => {
    const bridge = new MemoryBridge();
    const id = bridge.openModule('node-a');
    assert.equal(bridge.instance(id)?.nodeId, 'node-a');
    assert.deepEqual(bridge.policy(id), { seq: 0, json: '' });
    assert.equal(bridge.setPolicy(id, '[]'), 1);
    assert.deepEqual(bridge.policy(id), { seq: 1, json: '[]' });
    assert.equal(bridge.setPolicy(99, '[]'), 0);
    assert.equal(bridge.policy(99), null);
  });
});
