import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness, type TestConnection } from '../../testing/harness.ts';
import { createR2d2Module } from './index.ts';
import { r2d2Policy, type RuleMap } from './test-policies.ts';

const connect = (allow: RuleMap[] | null, deny: RuleMap[] = [], injectBufSize?: number): TestConnection =>
  createHarness().connect('r2d2', { policy: r2d2Policy(allow, deny), injectBufSize });

const log = (conn: TestConnection) => conn.harness.accessLog.map((e) => {
  assert.equal(e.genericL7?.proto, 'r2d2');
  return `${e.entryType} ${e.genericL7?.fields.cmd} ${e.genericL7?.fields.file}`.trim();
});

function done(conn: TestConnection): void {
  conn.harness.close(conn);
  conn.harness.assertNoOpenConnections();
}

describe('r2d2', () => {
  it('passes allowed lines, drops denied ones, logs both', () => {
    const conn = connect([{ cmd: 'READ', file: '^/public/' }]);
    checkOnData(conn, { data: ['READ /public/a\r\nHALT\r\n'], ops: [['PASS', 16], ['DROP', 6], ['MORE', 1]] });
    assert.deepEqual(log(conn), ['Request READ /public/a', 'Denied HALT']);
    done(conn);
  });

  it('sends a denial after the replies to the requests before it', () => {
    const conn = connect([{ cmd: 'READ' }]);
    checkOnData(conn, { data: ['READ a\r\nREAD b\r\nWRITE c\r\nREAD d\r\nHALT\r\n'],
                        ops: [['PASS', 8], ['PASS', 8], ['DROP', 9], ['PASS', 8], ['DROP', 6], ['MORE', 1]] });
    checkOnData(conn, { reply: true, data: ['DATA a\r\n'], ops: [['PASS', 8]] });
    checkOnData(conn, { reply: true, data: ['DATA b\r\nDA'], ops: [['PASS', 8], ['INJECT', 7], ['MORE', 1]], replyInject: 'ERROR\r\n' });
    checkOnData(conn, { reply: true, data: ['DATA d\r\n'], ops: [['PASS', 8], ['INJECT', 7]], replyInject: 'ERROR\r\n' });
    // Nothing outstanding: the next denial goes out at once, as in Cilium.
    checkOnData(conn, { data: ['RESET\r\n'], ops: [['DROP', 7], ['MORE', 1]], replyInject: 'ERROR\r\n' });
    done(conn);
  });

  it('sends later what does not fit the reply buffer, instead of cutting it off', () => {
    const conn = connect([{ cmd: 'READ' }], [], 10);
    checkOnData(conn, { data: ['HALT\r\nRESET\r\n'], ops: [['DROP', 6], ['DROP', 7], ['MORE', 1]], replyInject: 'ERROR\r\nERR' });
    checkOnData(conn, { reply: true, data: [], ops: [['INJECT', 4]], replyInject: 'OR\r\n' });
    checkOnData(conn, { reply: true, data: [], ops: [] });
    done(conn);
  });

  it('a file rule never matches a request without a file, even with a pattern matching ""', () => {
    const conn = connect([{ file: '.*' }]);
    checkOnData(conn, { data: ['READ x\r\nHALT\r\nREAD  x\r\nWRITE a b\r\n'], ops: [['PASS', 8], ['DROP', 6], ['DROP', 9], ['DROP', 11], ['MORE', 1]] });
    checkOnData(conn, { reply: true, data: ['OK\r\n'], ops: [['PASS', 4], ['INJECT', 7], ['INJECT', 7], ['INJECT', 7]],
                        replyInject: 'ERROR\r\n'.repeat(3) });
    assert.deepEqual(log(conn), ['Request READ x', 'Denied HALT', 'Denied READ', 'Denied WRITE']);
  });

  it('enforces deny rules', () => {
    const conn = connect(null, [{ cmd: 'WRITE', file: '^/etc/' }]);
    checkOnData(conn, { data: ['WRITE /etc/passwd\r\n'], ops: [['DROP', 19], ['MORE', 1]], replyInject: 'ERROR\r\n' });
    checkOnData(conn, { data: ['WRITE /tmp/x\r\n'], ops: [['PASS', 14], ['MORE', 1]] });
  });

  it('passes reply lines one by one, waits for a partial one, and has nothing to say about no data', () => {
    const conn = connect(null);
    checkOnData(conn, { reply: true, data: ['a\r\nb', 'c\r'], ops: [['PASS', 3], ['MORE', 1]] });
    checkOnData(conn, { reply: true, data: ['bc\r\n'], ops: [['PASS', 4]] });
  });

  it('closes on a line over the limit', () => {
    const harness = createHarness({ modules: [createR2d2Module({ maxLineBytes: 8 })] });
    const conn = harness.connect('r2d2', { policy: r2d2Policy(null) });
    checkOnData(conn, { data: ['READ a\r\n'], ops: [['PASS', 8], ['MORE', 1]] });
    checkOnData(conn, { data: ['READ ab'], ops: [['MORE', 1]] });
    checkOnData(conn, { data: ['READ abc'], ops: [['ERROR', 3]], opsCapacity: 1 });
    checkOnData(conn, { data: ['READ a\r\n'], ops: [['ERROR', 3]], opsCapacity: 1 });
  });

  it('closes when too many denials wait for replies', () => {
    const harness = createHarness({ modules: [createR2d2Module({ maxWaitingDenials: 2 })] });
    const conn = harness.connect('r2d2', { policy: r2d2Policy([{ cmd: 'READ' }]) });
    checkOnData(conn, { data: ['READ a\r\nHALT\r\nHALT\r\nHALT\r\n'], ops: [['PASS', 8], ['DROP', 6], ['DROP', 6], ['ERROR', 3]], opsCapacity: 4 });
  });

  it('finds a line end split across slices and calls', () => {
    const conn = connect(null);
    checkOnData(conn, { data: ['READ a\r'], ops: [['MORE', 1]] });
    checkOnData(conn, { data: ['READ a\r', '\nHALT\r\n'], ops: [['PASS', 8], ['PASS', 6], ['MORE', 1]] });
  });
});
