import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness } from '../../testing/harness.ts';

function statuses(harness: ReturnType<typeof createHarness>): string[] {
  return harness.accessLog.map((e) => `${e.entryType} ${e.genericL7?.proto} ${e.genericL7?.fields.status}`);
}

describe('test.blockparser', () => {
  it('drops DROP blocks (Denied 503) and passes PASS blocks (Request 200)', () => {
    const harness = createHarness();
    const conn = harness.connect('test.blockparser');
    checkOnData(conn, { reply: true, data: ['24:DROP reply direction\n24:PASS reply direction\n'], ops: [['DROP', 24], ['PASS', 24]] });
    assert.deepEqual(statuses(harness), ['Denied test.blockparser 503', 'Request test.blockparser 200']);
  });

  it('decides PASS and DROP before the block is complete, the length prefix included', () => {
    const harness = createHarness();
    const conn = harness.connect('test.blockparser');
    checkOnData(conn, { data: ['27:PASS orig'], ops: [['PASS', 27]] });
    checkOnData(conn, { data: ['27:', 'DROP'], ops: [['DROP', 27]] });
    checkOnData(conn, { data: ['8:DRO'], ops: [['MORE', 3]] });
  });

  it('wants more bytes while no colon has arrived, and nothing on empty input', () => {
    const conn = createHarness().connect('test.blockparser');
    checkOnData(conn, { data: ['123'], ops: [['MORE', 1]] });
    checkOnData(conn, { data: [], ops: [] });
  });

  it('sends INJECT blocks back the way they came, once complete', () => {
    const conn = createHarness().connect('test.blockparser');
    checkOnData(conn, { data: ['26:INJECT reply dire'], ops: [['MORE', 6]] });
    checkOnData(conn, { data: ['26:INJECT reply direction\n'], ops: [['DROP', 26]], replyInject: '26:INJECT reply direction\n' });
  });

  it('answers bad lengths with ERROR INVALID_FRAME_LENGTH and unknown blocks with INVALID_FRAME_TYPE', () => {
    const conn = createHarness().connect('test.blockparser');
    for (const bad of ['x1:', ':', '+5:abc', '1:', '2x:ab', '99999999999999999999:']) {
      checkOnData(conn, { data: [bad], ops: [['ERROR', 3]], opsCapacity: 1 });
    }
    checkOnData(conn, { data: ['10:HELLO!\n'], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('PASS before any colon is PASS 0: PARSER_ERROR', () => {
    const harness = createHarness();
    const conn = harness.connect('test.blockparser');
    checkOnData(conn, { data: ['PASS'], ops: [], result: 'PARSER_ERROR' });
    assert.deepEqual(statuses(harness), ['Request test.blockparser 200', 'Denied test.blockparser Panic: invalid verdict: PASS 0']);
  });

  it('inserts a block larger than the inject buffer in several calls, then drops the original', () => {
    const block = `5000:INSERT original direction${'A'.repeat(5000 - 31)}\n`;
    assert.equal(block.length, 5000);
    const conn = createHarness().connect('test.blockparser');
    for (let at = 0; at < 4096; at += 1024) {
      checkOnData(conn, { data: [block], ops: [['INJECT', 1024]], origInject: block.slice(at, at + 1024) });
    }
    checkOnData(conn, { data: [block], ops: [['INJECT', 904], ['DROP', 5000]], origInject: block.slice(4096) });
  });
});
