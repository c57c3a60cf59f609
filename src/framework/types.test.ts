import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drop, error, FilterResult, inject, more, NOP, Op, OpError, opName, pass } from './types.ts';

describe('wire values', () => {
  it('match Cilium\'s types.h', () => {
    assert.deepEqual([Op.MORE, Op.PASS, Op.DROP, Op.INJECT, Op.ERROR, Op.NOP], [0, 1, 2, 3, 4, 256]);
    assert.deepEqual([OpError.INVALID_OP_LENGTH, OpError.INVALID_FRAME_TYPE, OpError.INVALID_FRAME_LENGTH], [1, 2, 3]);
    assert.deepEqual(
      [FilterResult.OK, FilterResult.POLICY_DROP, FilterResult.PARSER_ERROR, FilterResult.UNKNOWN_PARSER,
       FilterResult.UNKNOWN_CONNECTION, FilterResult.INVALID_ADDRESS, FilterResult.INVALID_INSTANCE, FilterResult.UNKNOWN_ERROR],
      [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('names ops as Cilium prints them', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 256, 5, -1].map(opName), ['MORE', 'PASS', 'DROP', 'INJECT', 'ERROR', 'NOP', 'UNKNOWN_OP', 'UNKNOWN_OP']);
  });
});

describe('verdict helpers', () => {
  it('carry the op and n', () => {
    const read = (v: { op: Op; n: number }) => [v.op, v.n];
    assert.deepEqual(read(pass(5)), [Op.PASS, 5]);
    assert.deepEqual(read(drop(6)), [Op.DROP, 6]);
    assert.deepEqual(read(more(7)), [Op.MORE, 7]);
    assert.deepEqual(read(inject(8)), [Op.INJECT, 8]);
    assert.deepEqual(read(error(OpError.INVALID_FRAME_LENGTH)), [Op.ERROR, 3]);
    assert.deepEqual(read(NOP), [Op.NOP, 0]);
  });

  it('reuse one object, so a verdict is overwritten by the next helper call', () => {
    const first = pass(1);
    const second = drop(2);
    assert.equal(first, second);
    assert.equal(first.op, Op.DROP);
  });

  it('NOP is a separate, frozen object', () => {
    assert.notEqual(NOP, pass(1));
    assert.ok(Object.isFrozen(NOP));
  });
});
