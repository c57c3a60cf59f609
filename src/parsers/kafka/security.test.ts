// The anchor's Kafka holes (docs/differences.md), replayed: what Cilium let through is now refused.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { kafkaPolicy, request, response } from './test-frames.ts';
import type { WireWriter } from './wire.ts';

const hex = (s: string) => Buffer.from(s).toString('hex');

let harness: Harness;
let conn: TestConnection;
const PUBLIC_ONLY = kafkaPolicy({ topic: 'public' });
const last = () => harness.accessLog.at(-1)!;

describe('kafka: the anchor holes stay closed', () => {
  beforeEach(() => {
    harness = createHarness();
    conn = harness.connect('kafka', { policy: PUBLIC_ONLY });
  });
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  it('a topic rule no longer allows AlterConfigs, CreateAcls, DeleteTopics … on anything; each is answered with its refusal', () => {
    const topicResource = (w: WireWriter) => w.i32(1).i8(2).string('secret', false);
    const cases: Array<[key: number, version: number, body: (w: WireWriter) => void, answer: string]> = [
      // AlterConfigs v0: one topic resource, no configs; ValidateOnly.
      [33, 0, (w) => topicResource(w).i32(0).i8(0), '00000000' + '00000001' + '001d' + 'ffff' + '02' + '0006' + hex('secret')],
      // IncrementalAlterConfigs v0: the same shape, refused the same way.
      [44, 0, (w) => topicResource(w).i32(0).i8(0), '00000000' + '00000001' + '001d' + 'ffff' + '02' + '0006' + hex('secret')],
      // CreateAcls v1: one creation → one result.
      [30, 1, (w) => w.i32(1).i8(2).string('secret', false).i8(3).string('User:x', false).string('*', false).i8(2).i8(3),
        '00000000' + '00000001' + '001f' + 'ffff'],
      // DeleteTopics v1: each topic named again.
      [20, 1, (w) => w.i32(1).string('secret', false).i32(1000), '00000000' + '00000001' + '0006' + hex('secret') + '001d'],
      // OffsetDelete v0: the group is refused as a whole.
      [47, 0, (w) => w.string('g', false).i32(1).string('secret', false).i32(1).i32(0), '001e' + '00000000' + '00000000'],
    ];
    for (const [key, version, body, answer] of cases) {
      const c = harness.connect('kafka', { policy: PUBLIC_ONLY });
      const r = request(key, version, 5, body);
      checkOnData(c, { data: [r], ops: [['DROP', r.length]], opsCapacity: 1, replyInject: response(5, Buffer.from(answer, 'hex').toString('latin1')) });
      assert.deepEqual([last().entryType, last().kafka?.apiKey], ['Denied', key]);
      harness.close(c);
    }
  });

  it('records are opaque bytes of their exact length: a message set cannot hide the real topics', () => {
    // Produce v2 to "secret" whose record bytes spell out a topic list naming "public".
    const fake = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 6]), Buffer.from('public'), Buffer.alloc(4)]);
    const r = request(0, 2, 6, (w) => {
      w.i16(1).i32(1000).i32(1).string('secret', false).i32(1).i32(0).i32(fake.length).raw(fake);
    });
    checkOnData(conn, { data: [r], ops: [['DROP', r.length]], opsCapacity: 1, replyInject: produceV2Denial(r) });
    assert.deepEqual(last().kafka?.topics, ['secret']);
  });

  it('flexible versions are read with their own layout', () => {
    const produce = (topic: string) => request(0, 9, 7, (w) => {
      w.string(null, true).i16(1).i32(1000).uvarint(2).string(topic, true).uvarint(1).uvarint(0).uvarint(0);
    }, { flexible: true });
    const allowed = produce('public');
    checkOnData(conn, { data: [allowed], ops: [['PASS', allowed.length]], opsCapacity: 1 });
    assert.deepEqual(last().kafka?.topics, ['public']);
    const denied = produce('secret');
    const out = harness.bridge.onData(conn.slot, false, false, [Buffer.from(denied, 'latin1')], 1);
    assert.deepEqual(out.ops, [[2, denied.length]]);
    assert.deepEqual([last().entryType, last().kafka?.topics], ['Denied', ['secret']]);
  });

  it('a version newer than we decode has unknown topics: no topic rule allows it', () => {
    const r = request(0, 12, 8, (w) => {
      w.string(null, true).i16(1).i32(1000).uvarint(2).string('public', true).uvarint(1).uvarint(0).uvarint(0);
    }, { flexible: true });
    checkOnData(conn, { data: [r], ops: [['ERROR', 2]], opsCapacity: 1 });
    assert.deepEqual([last().entryType, last().kafka?.apiVersion, last().kafka?.topics], ['Denied', 12, []]);
  });

  it('trailing bytes are refused', () => {
    const r = request(3, 1, 9, (w) => w.i32(1).string('public', false).i8(0));
    checkOnData(conn, { data: [r], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('topic-free APIs still pass a topic rule, so a topic-scoped consumer can join its group', () => {
    const join = request(11, 0, 10, (w) => w.string('g', false).i32(30000).string('', false).string('consumer', false).i32(0));
    checkOnData(conn, { data: [join], ops: [['PASS', join.length]], opsCapacity: 1 });
  });
});

/** The Produce v2 denial for one topic and partition 0 (throttle and log-append time included). */
function produceV2Denial(req: string): string {
  const corr = req.slice(8, 12);
  const body = '\x00\x00\x00\x01\x00\x06secret\x00\x00\x00\x01\x00\x00\x00\x00\x00\x1d' + '\xff'.repeat(16) + '\x00\x00\x00\x00';
  const size = 4 + body.length;
  return String.fromCharCode(0, 0, size >> 8, size & 0xff) + corr + body;
}
