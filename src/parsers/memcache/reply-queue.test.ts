import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BARRIER_REPLY, ReplyQueue } from './reply-queue.ts';

const same = (a: string, b: string) => a === b;
/** A reply compatible with the request named `name`. */
const from = (name: string) => (d: string) => d === name;

describe('ReplyQueue', () => {
  it('matches replies head first; a request sure of its reply takes the next one whatever it looks like', () => {
    const q = new ReplyQueue<string>(10);
    q.pushForwarded('a', false, same);
    q.pushForwarded('b', false, same);
    assert.equal(q.attribute(from('b'), false), 'a');
    q.resolve();
    assert.equal(q.attribute(from('b'), false), 'b');
    q.resolve();
    assert.equal(q.isEmpty, true);
    assert.equal(q.attribute(from('x'), false), null);
  });

  it('skips maybe-answered requests the reply cannot come from', () => {
    const q = new ReplyQueue<string>(10);
    q.pushForwarded('q1', true, same);
    q.pushForwarded('q2', true, same);
    q.pushForwarded('loud', false, same);
    assert.equal(q.attribute(from('q2'), false), 'q2');
    q.resolve();
    assert.equal(q.attribute(from('loud'), false), 'loud');
    q.resolve();
    assert.equal(q.isEmpty, true);
  });

  it('keeps a run of identical maybe-answered requests in one entry', () => {
    const q = new ReplyQueue<string>(2);
    for (let i = 0; i < 1000; i++) assert.equal(q.pushForwarded('setq', true, same), true);
    assert.equal(q.pushForwarded('get', false, same), true);
    assert.equal(q.pushForwarded('get2', false, same), false, 'full at two entries');
    assert.equal(q.attribute(from('get'), false), 'get');
  });

  it('needs a barrier for a denial behind an unanswered maybe request, not behind sure ones', () => {
    const q = new ReplyQueue<string>(10);
    q.pushForwarded('a', false, same);
    assert.equal(q.needsBarrier, false);
    q.pushForwarded('q', true, same);
    assert.equal(q.needsBarrier, true);
    q.pushBarrier();
    assert.equal(q.needsBarrier, false);
  });

  it('on the barrier\'s reply, drops what was before it and keeps the denials', () => {
    const q = new ReplyQueue<string>(10);
    q.pushForwarded('q', true, same);
    q.pushBarrier();
    q.pushDenial(new Uint8Array([1]));
    q.pushForwarded('next', false, same);
    assert.equal(q.attribute(from('none'), true), BARRIER_REPLY);
    assert.equal(q.attribute(from('next'), false), null, 'the denial is due first');
  });

  it('does not let a stranger\'s reply consume the barrier', () => {
    const q = new ReplyQueue<string>(10);
    q.pushForwarded('q', true, same);
    q.pushBarrier();
    assert.equal(q.attribute(from('x'), false), 'q', 'only the maybe request can have sent it');
    q.resolve();
    assert.equal(q.attribute(from('x'), false), null);
    assert.equal(q.attribute(from('x'), true), BARRIER_REPLY);
    assert.equal(q.isEmpty, true);
  });
});
