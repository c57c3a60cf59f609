import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness } from '../harness.ts';

function panics(harness: Harness): string[] {
  return harness.accessLog.filter((e) => e.entryType === 'Denied').map((e) => `${e.genericL7?.proto} ${e.genericL7?.fields.status}`);
}

describe('test-only parsers', () => {
  it('are unknown until registered', () => {
    const harness = createHarness();
    harness.connect('test.faulty', { expectResult: 'UNKNOWN_PARSER' });
    harness.registerParser('test.faulty');
    harness.connect('test.faulty');
  });

  describe('test.faulty: catchable faults end the call, not the runtime', () => {
    const cases: Array<[string, string]> = [
      ['THROW', 'test.faulty Panic: test.faulty: THROW'],
      ['STACK', 'test.faulty Panic: Maximum call stack size exceeded'],
      ['ZERO', 'test.faulty Panic: invalid verdict: PASS 0'],
      ['BIGINJECT', 'test.faulty Panic: invalid verdict: INJECT 5000 but the parser injected only 0 byte(s) into this direction'],
    ];
    for (const [command, panic] of cases) {
      it(command, () => {
        const harness = createHarness();
        harness.registerParser('test.faulty');
        const conn = harness.connect('test.faulty');
        checkOnData(conn, { data: [`ok\n${command}\nnever\n`], ops: [['PASS', 3]], result: 'PARSER_ERROR' });
        assert.deepEqual(panics(harness), [panic]);
        harness.close(conn);
        const next = harness.connect('test.faulty');
        checkOnData(next, { data: ['fine\n'], ops: [['PASS', 5]] });
        harness.close(next);
        harness.assertNoOpenConnections();
      });
    }

    it('reply lines pass whatever they say', () => {
      const harness = createHarness();
      harness.registerParser('test.faulty');
      checkOnData(harness.connect('test.faulty'), { reply: true, data: ['THROW\n'], ops: [['PASS', 6]] });
    });
  });

  it('test.panicparser throws on requests (no ops, one Denied entry) and returns NOP on replies', () => {
    const harness = createHarness();
    harness.registerParser('test.panicparser');
    const conn = harness.connect('test.panicparser', { id: '11', injectBufSize: 30 });
    checkOnData(conn, { reply: true, data: ['foo'], ops: [] });
    checkOnData(conn, { data: ['foo'], ops: [], result: 'PARSER_ERROR', opsCapacity: 1 });
    assert.deepEqual(panics(harness), ['test.panicparser Panic: PanicParser OnData(reply=false, endStream=false, 3 bytes) panicing...']);
    assert.deepEqual(harness.accessLogCounts(), { passes: 0, drops: 1 });
  });

  it('test.nop never produces an op', () => {
    const harness = createHarness();
    harness.registerParser('test.nop');
    checkOnData(harness.connect('test.nop'), { data: ['anything'], ops: [] });
  });

  it('test.framepasser passes frames by their 4-byte length header alone', () => {
    const harness = createHarness();
    harness.registerParser('test.framepasser');
    const conn = harness.connect('test.framepasser');
    checkOnData(conn, { data: ['\x00\x00'], ops: [['MORE', 2]] });
    checkOnData(conn, { data: ['\x00\x00\x00\x02ab\x00\x00', '\x01\x00xyz'], ops: [['PASS', 6], ['PASS', 260]] });
    checkOnData(conn, { data: [], ops: [] });
  });
});
