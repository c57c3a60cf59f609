// Ordering of denials among the broker's answers, the one-ERROR rule and bounded buffering.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { testParsers } from '../test/index.ts';
import { createKafkaModule } from './index.ts';
import { kafkaPolicy, produceV3, request, response } from './test-frames.ts';
import type { ParserModule } from '../../framework/parser.ts';

let harness: Harness;
let conn: TestConnection;
const OK_ONLY = kafkaPolicy({ topic: 'ok' });

function open(policy: unknown[], module?: ParserModule): void {
  harness = createHarness(module ? { modules: [module, ...testParsers] } : {});
  conn = harness.connect('kafka', { policy });
}

/** Our denial of a Produce v3 (acks 1) on one topic with partition 0. */
function denial(correlationId: number, topic: string): string {
  const body = `\x00\x00\x00\x01\x00${String.fromCharCode(topic.length)}${topic}\x00\x00\x00\x01\x00\x00\x00\x00\x00\x1d` +
    '\xff'.repeat(8) + '\xff'.repeat(8) + '\x00\x00\x00\x00';
  return response(correlationId, body);
}

describe('kafka parser', () => {
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  it('denials reach the client in request order, after the answers to earlier requests', () => {
    open(OK_ONLY);
    const reqs = [produceV3(1, 1, ['ok']), produceV3(2, 1, ['no']), produceV3(3, 1, ['ok']), produceV3(4, 1, ['no'])];
    checkOnData(conn, { data: [reqs.join('')], ops: [['PASS', reqs[0].length], ['DROP', reqs[1].length], ['PASS', reqs[2].length], ['DROP', reqs[3].length]] });
    const a = response(1, 'answer-1');
    checkOnData(conn, { reply: true, data: [a], ops: [['PASS', a.length], ['INJECT', denial(2, 'no').length]], replyInject: denial(2, 'no') });
    const c = response(3, 'answer-3');
    checkOnData(conn, { reply: true, data: [c], ops: [['PASS', c.length], ['INJECT', denial(4, 'no').length]], replyInject: denial(4, 'no') });
  });

  it('denials of other APIs keep their place too; a denied acks=0 produce takes none', () => {
    open(kafkaPolicy({ apiKeys: [0], topic: 'ok' }));
    const describeGroups = request(15, 0, 2, (w) => w.i32(1).string('g', false));
    const createAcls = request(30, 0, 5, (w) => w.i32(1).i8(2).string('t', false).string('User:x', false).string('*', false).i8(2).i8(3));
    const reqs = [produceV3(1, 1, ['ok']), describeGroups, produceV3(3, 1, ['ok']), produceV3(4, 0, ['no']), createAcls];
    const verdicts = ['PASS', 'DROP', 'PASS', 'DROP', 'DROP'] as const;
    checkOnData(conn, { data: [reqs.join('')], ops: reqs.map((r, i) => [verdicts[i], r.length]) });
    // DescribeGroups v0: [ErrorCode 30, GroupId "g", state, protocol type, protocol data, no members].
    const groupDenial = response(2, '\x00\x00\x00\x01\x00\x1e\x00\x01g' + '\x00\x00'.repeat(3) + '\x00\x00\x00\x00');
    const a = response(1, 'answer-1');
    checkOnData(conn, { reply: true, data: [a], ops: [['PASS', a.length], ['INJECT', groupDenial.length]], replyInject: groupDenial });
    // CreateAcls v0: throttle, [ErrorCode 31, ErrorMessage null].
    const aclDenial = response(5, '\x00\x00\x00\x00\x00\x00\x00\x01\x00\x1f\xff\xff');
    const c = response(3, 'answer-3');
    checkOnData(conn, { reply: true, data: [c], ops: [['PASS', c.length], ['INJECT', aclDenial.length]], replyInject: aclDenial });
  });

  it('a denial with nothing ahead of it goes out at once', () => {
    open(OK_ONLY);
    const r = produceV3(9, 1, ['no']);
    checkOnData(conn, { data: [r], ops: [['DROP', r.length]], replyInject: denial(9, 'no') });
  });

  it('an answer still arriving holds the denial behind it until its last byte has passed', () => {
    open(OK_ONLY);
    const reqs = [produceV3(1, 1, ['ok']), produceV3(2, 1, ['no'])];
    checkOnData(conn, { data: [reqs.join('')], ops: [['PASS', reqs[0].length], ['DROP', reqs[1].length]] });
    const a = response(1, 'a long answer');
    // Only the start is here: the PASS covers the rest, and nothing may follow it in this call.
    checkOnData(conn, { reply: true, data: [a.slice(0, 10)], ops: [['PASS', a.length]] });
    // Envoy calls again at the boundary once the rest has passed.
    checkOnData(conn, { reply: true, data: [], ops: [['INJECT', denial(2, 'no').length]], replyInject: denial(2, 'no') });
  });

  it('an answer out of line closes the connection', () => {
    open(OK_ONLY);
    const r = produceV3(1, 1, ['ok']);
    checkOnData(conn, { data: [r], ops: [['PASS', r.length]] });
    checkOnData(conn, { reply: true, data: [response(2)], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('acks=0: no answer is expected, so none is queued or sent', () => {
    open(OK_ONLY);
    const reqs = [produceV3(1, 0, ['ok']), produceV3(2, 0, ['no']), produceV3(3, 1, ['no'])];
    checkOnData(conn, { data: [reqs.join('')], ops: [['PASS', reqs[0].length], ['DROP', reqs[1].length], ['DROP', reqs[2].length]], replyInject: denial(3, 'no') });
  });

  it('request frames are bounded and must hold a header', () => {
    open(OK_ONLY, createKafkaModule({ maxRequestFrame: 64 }));
    checkOnData(conn, { data: ['\x00\x00\x00\x64\x00\x00\x00\x03'], ops: [['ERROR', 3]], opsCapacity: 1 });
    const c = harness.connect('kafka', { policy: OK_ONLY });
    checkOnData(c, { data: ['\x00\x00\x00\x05\x00\x00\x00\x03\x00'], ops: [['ERROR', 3]], opsCapacity: 1 });
    harness.close(c);
  });

  it('one bad frame: one ERROR, one Denied entry, however often the loop asks again', () => {
    open(OK_ONLY);
    const bad = produceV3(1, 1, ['ok']).slice(0, -1);
    const framed = String.fromCharCode(0, 0, 0, bad.length - 4) + bad.slice(4);
    checkOnData(conn, { data: [framed], ops: [['ERROR', 2], ['ERROR', 2], ['ERROR', 2]], opsCapacity: 3 });
    assert.deepEqual(harness.accessLog.map((e) => [e.entryType, e.kafka?.errorCode, e.kafka?.correlationId]), [['Denied', 2, 1]]);
  });
});
