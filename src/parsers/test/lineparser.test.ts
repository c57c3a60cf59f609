import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness } from '../../testing/harness.ts';

describe('test.lineparser', () => {
  it('passes PASS lines and drops DROP lines, lines spanning slices included', () => {
    const harness = createHarness();
    const conn = harness.connect('test.lineparser');
    checkOnData(conn, { data: ['PASS one\nDR', 'OP two\nPA'], ops: [['PASS', 9], ['DROP', 9], ['MORE', 1]] });
    checkOnData(conn, { data: ['PASS three\n'], ops: [['PASS', 11]] });
    checkOnData(conn, { reply: true, data: ['DROP reply direction\n', 'PASS reply direction\n'], ops: [['DROP', 21], ['PASS', 21]] });
    checkOnData(conn, { data: [], ops: [] });
    assert.deepEqual(harness.accessLog, [], 'the line parser logs nothing');
  });

  it('returns ERROR INVALID_FRAME_TYPE for other lines, again on every call of the loop', () => {
    const conn = createHarness().connect('test.lineparser');
    checkOnData(conn, { data: ['HELLO\n'], ops: [['ERROR', 2], ['ERROR', 2]], opsCapacity: 2 });
  });

  it('sends INJECT lines back the way they came and drops them', () => {
    const conn = createHarness().connect('test.lineparser');
    checkOnData(conn, { data: ['INJECT reply direction\n'], ops: [['DROP', 23]], replyInject: 'INJECT reply direction\n' });
    checkOnData(conn, { reply: true, data: ['INJECT orig\n'], ops: [['DROP', 12]], origInject: 'INJECT orig\n' });
  });

  it('injects INSERT lines in their own direction, then drops the original', () => {
    const conn = createHarness().connect('test.lineparser');
    checkOnData(conn, { data: ['INSERT original direction\nPASS x\n'], ops: [['INJECT', 26], ['DROP', 26], ['PASS', 7]],
                        origInject: 'INSERT original direction\n' });
  });

  it('claims the whole INSERT line even when the buffer took less, and stops on the full buffer', () => {
    const conn = createHarness().connect('test.lineparser', { injectBufSize: 10 });
    checkOnData(conn, { data: ['INSERT original direction\n'], ops: [['INJECT', 26]], origInject: 'INSERT ori' });
    checkOnData(conn, { data: ['INSERT original direction\n'], ops: [['DROP', 26]] });
  });
});
