// Request frames from kafkajs's own encoders (every version it speaks), and flexible versions built
// by hand, decoded exactly: topics, key, version, correlation id and client id as the broker reads them.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { kafkajsFrames } from './peers/kafkajs-frames.ts';
import { kafkaPolicy, request } from './test-frames.ts';

let harness: Harness;
let conn: TestConnection;
const latin1 = (b: Buffer) => b.toString('latin1');

const TOPICS: Record<string, string[]> = {
  produce: ['audit', 'orders'], fetch: ['orders'], metadata: ['audit', 'orders'], listOffsets: ['orders'],
  offsetCommit: ['orders'], offsetFetch: ['orders'],
};

function passes(frame: string, want: { apiKey: number; apiVersion: number; correlationId: number; topics: string[] }): void {
  checkOnData(conn, { data: [frame], ops: [['PASS', frame.length]], opsCapacity: 1 });
  const entry = harness.accessLog.at(-1)!;
  assert.equal(entry.entryType, 'Request');
  assert.deepEqual({ ...entry.kafka, topics: [...entry.kafka!.topics].sort() }, { ...want, errorCode: 0, topics: [...want.topics].sort() });
}

describe('kafka: request decoding', () => {
  beforeEach(() => {
    harness = createHarness();
    conn = harness.connect('kafka', { policy: kafkaPolicy() });
  });
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  for (const name of Object.keys(TOPICS)) {
    it(`${name}: every version kafkajs 2.2.4 encodes`, async () => {
      const frames = await kafkajsFrames(name);
      assert.ok(frames.length > 0);
      for (const f of frames) {
        passes(latin1(f.frame), { apiKey: f.apiKey, apiVersion: f.version, correlationId: 7, topics: TOPICS[name] });
      }
    });

    it(`${name}: a trailing byte or a missing byte is refused`, async () => {
      for (const f of await kafkajsFrames(name)) {
        for (const delta of [1, -1]) {
          const bytes = Buffer.alloc(f.frame.length + delta);
          f.frame.copy(bytes, 0, 0, Math.min(f.frame.length, bytes.length));
          bytes.writeInt32BE(bytes.length - 4, 0);
          const c = harness.connect('kafka');
          checkOnData(c, { data: [latin1(bytes)], ops: [['ERROR', 2]], opsCapacity: 1 });
          harness.close(c);
        }
      }
    });
  }

  it('flexible versions: Produce v9, Fetch v12, Metadata v9 and OffsetFetch v6 (compact strings, tagged fields)', () => {
    passes(request(0, 9, 1, (w) => {
      w.string(null, true).i16(-1).i32(1000).uvarint(2);
      w.string('orders', true).uvarint(2).i32(0).uvarint(4).raw(Buffer.from('abc')).uvarint(0);
      // A tagged field on the topic: skipped by its size.
      w.uvarint(1).uvarint(5).uvarint(2).i16(7);
      w.uvarint(0);
    }, { flexible: true }), { apiKey: 0, apiVersion: 9, correlationId: 1, topics: ['orders'] });
    passes(request(1, 12, 2, (w) => {
      w.i32(-1).i32(100).i32(1).i32(1000).i8(0).i32(0).i32(-1);
      w.uvarint(2).string('orders', true).uvarint(2).i32(0).i32(-1).i64(0).i32(-1).i64(-1).i32(1000).uvarint(0).uvarint(0);
      w.uvarint(2).string('stale', true).uvarint(2).i32(3).uvarint(0);
      w.string('rack', true).uvarint(0);
    }, { flexible: true }), { apiKey: 1, apiVersion: 12, correlationId: 2, topics: ['orders', 'stale'] });
    passes(request(3, 9, 3, (w) => {
      w.uvarint(3).string('a', true).uvarint(0).string('b', true).uvarint(0).i8(1).i8(0).i8(0).uvarint(0);
    }, { flexible: true }), { apiKey: 3, apiVersion: 9, correlationId: 3, topics: ['a', 'b'] });
    passes(request(9, 6, 4, (w) => {
      w.string('g', true).uvarint(2).string('orders', true).uvarint(2).i32(0).uvarint(0).uvarint(0);
    }, { flexible: true }), { apiKey: 9, apiVersion: 6, correlationId: 4, topics: ['orders'] });
  });

  it('the client id of a v0 request is read (Cilium took it as empty)', () => {
    harness.close(conn);
    conn = harness.connect('kafka', { policy: kafkaPolicy({ clientId: 'tester', apiVersion: 0 }) });
    passes(request(3, 0, 5, (w) => w.i32(1).string('orders', false)), { apiKey: 3, apiVersion: 0, correlationId: 5, topics: ['orders'] });
  });

  it('a topic named by id only (Metadata v10) is unknown: no topic rule allows it', () => {
    const c = harness.connect('kafka', { policy: kafkaPolicy({ topic: 'orders' }) });
    const m = request(3, 10, 6, (w) => {
      w.uvarint(2).raw(Buffer.alloc(16, 1)).string(null, true).uvarint(0).i8(0).i8(0).i8(0).uvarint(0);
    }, { flexible: true });
    const out = harness.bridge.onData(c.slot, false, false, [Buffer.from(m, 'latin1')], 1);
    assert.deepEqual(out.ops, [[2, m.length]]);
    assert.deepEqual(harness.accessLog.at(-1)?.entryType, 'Denied');
    harness.close(c);
  });
});
