import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness, toBytes } from './harness.ts';

describe('harness', () => {
  it('checkOnData fails on a wrong op, result or inject buffer', () => {
    const harness = createHarness();
    const fresh = () => harness.connect('test.headerparser');
    assert.throws(() => checkOnData(fresh(), { data: ['a\n'], ops: [['PASS', 2]] }), /ops/);
    assert.throws(() => checkOnData(fresh(), { data: ['a\n'], ops: [['DROP', 2]], result: 'PARSER_ERROR', replyInject: 'Line dropped: a\n' }),
                  /result/);
    assert.throws(() => checkOnData(fresh(), { data: ['a\n'], ops: [['DROP', 2]] }), /reply inject buffer/);
    assert.throws(() => checkOnData(fresh(), { data: ['a\n'], ops: [['DROP', 2]], replyInject: 'Line dropped: a\n', origInject: 'x' }),
                  /orig inject buffer/);
    checkOnData(fresh(), { data: ['a\n'], ops: [['DROP', 2]], replyInject: 'Line dropped: a\n' });
  });

  it('connect fails on an unexpected result', () => {
    assert.throws(() => createHarness().connect('nope'), /OnNewConnection/);
  });

  it('toBytes refuses chars that are not bytes', () => {
    assert.deepEqual([...toBytes('\x00\xff')], [0, 255]);
    assert.throws(() => toBytes('€'), RangeError);
  });

  it('assertNoOpenConnections fails while one is open', () => {
    const harness = createHarness();
    const conn = harness.connect('test.passer');
    assert.throws(() => harness.assertNoOpenConnections(), /left open/);
    harness.close(conn);
    harness.assertNoOpenConnections();
  });
});
