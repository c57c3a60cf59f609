import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { trimSpace } from './header-rules.ts';
import { checkOnData, createHarness } from '../../testing/harness.ts';

function headerPolicy(allowRules: Array<Record<string, string>> | null, extra: object = {}) {
  const rule = { l7Proto: 'test.headerparser', ...(allowRules === null ? {} : { l7Rules: { l7AllowRules: allowRules.map((rule) => ({ rule })) } }), ...extra };
  return [{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [rule] }] }];
}

/** Which of `lines` the policy passes, one line per call. */
function passedLines(allowRules: Array<Record<string, string>> | null, lines: string[]): string[] {
  const harness = createHarness();
  const conn = harness.connect('test.headerparser', { policy: headerPolicy(allowRules) });
  return lines.filter((line) => {
    const outcome = harness.bridge.onData(conn.slot, false, false, [Buffer.from(line, 'latin1')], 3);
    harness.bridge.clearInjected(conn.slot, true);
    return outcome.ops[0][0] === 1;
  });
}

describe('test.headerparser', () => {
  it('passes allowed request lines, drops the rest with "Line dropped: " sent back, and logs each', () => {
    const harness = createHarness();
    const conn = harness.connect('test.headerparser', { policy: headerPolicy([{ prefix: 'Beginning' }, { suffix: 'End' }]) });
    checkOnData(conn, { data: ['Beginning----\nfoo\n----End\n\n'], ops: [['PASS', 14], ['DROP', 4], ['PASS', 8], ['DROP', 1]],
                        replyInject: 'Line dropped: foo\nLine dropped: \n' });
    assert.deepEqual(harness.accessLog.map((e) => `${e.entryType} ${e.genericL7?.proto} ${e.genericL7?.fields.status}`), [
      'Request test.headerparser PASS', 'Denied test.headerparser DROP', 'Request test.headerparser PASS', 'Denied test.headerparser DROP',
    ]);
  });

  it('passes every reply line, logging it as Request', () => {
    const harness = createHarness();
    const conn = harness.connect('test.headerparser');
    checkOnData(conn, { reply: true, data: ['any\n', 'thing\n'], ops: [['PASS', 4], ['PASS', 6]] });
    assert.deepEqual(harness.accessLog.map((e) => e.entryType), ['Request', 'Request']);
  });

  it('wants the rest of a partial line; NOP on nothing', () => {
    const conn = createHarness().connect('test.headerparser');
    checkOnData(conn, { data: ['foo'], ops: [['MORE', 1]] });
    checkOnData(conn, { data: [], ops: [] });
  });

  it('truncates the drop message to the reply buffer without stopping', () => {
    const conn = createHarness().connect('test.headerparser', { injectBufSize: 30 });
    checkOnData(conn, { data: ['No policy\n', 'Dropped\nfoo'], ops: [['DROP', 10], ['DROP', 8], ['MORE', 1]],
                        replyInject: 'Line dropped: No policy\nLine d' });
  });

  describe('rules', () => {
    it('AND prefix, contains and suffix on the line with surrounding whitespace trimmed', () => {
      assert.deepEqual(passedLines([{ prefix: 'bar', contains: 'beer', suffix: 'end' }],
                                   ['bar beer end\n', '  bar beer end \t\r\n', 'bar end\n', 'beer end\n', 'bar beer\n', 'barbeerend\n']),
                       ['bar beer end\n', '  bar beer end \t\r\n', 'barbeerend\n']);
    });

    it('any one allow rule suffices; an empty rule or no l7_rules allows every line', () => {
      assert.deepEqual(passedLines([{ prefix: 'foo' }, { suffix: 'end' }], ['foo\n', 'the end\n', 'neither\n']), ['foo\n', 'the end\n']);
      assert.deepEqual(passedLines([{}], ['anything\n']), ['anything\n']);
      assert.deepEqual(passedLines(null, ['anything\n']), ['anything\n']);
      assert.deepEqual(passedLines([{ prefix: '' }], ['anything\n']), ['anything\n']);
    });

    it('compare UTF-8 rule values with the line\'s bytes', () => {
      assert.deepEqual(passedLines([{ prefix: 'café' }], ['caf\xc3\xa9!\n', 'caf\xe9!\n']), ['caf\xc3\xa9!\n']);
    });

    it('reject any other key', () => {
      const answer = createHarness().insertPolicy(headerPolicy([{ prefix: 'a', middle: 'b' }]));
      assert.equal(answer.ok, false);
      assert.match(answer.error ?? '', /invalid L7 rule: test\.headerparser: unsupported key "middle"/);
    });
  });

  it('trims ASCII and UTF-8 encoded Unicode whitespace like Go\'s bytes.TrimSpace', () => {
    assert.equal(trimSpace(' \t\n\v\f\rx y\r\n'), 'x y');
    assert.equal(trimSpace('\xc2\xa0x\xe3\x80\x80'), 'x');
    assert.equal(trimSpace('\xe2\x80\x8ax\xe2\x80\x8b'), 'x\xe2\x80\x8b', 'U+200B is not White_Space');
    assert.equal(trimSpace('\xa0x'), '\xa0x', 'a lone 0xa0 byte is not valid UTF-8');
  });
});
