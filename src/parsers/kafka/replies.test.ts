// Our denials, in every API and version kafkajs speaks, read back by kafkajs's own response
// decoders: the client sees the authorization error on every topic and partition it asked for.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { kafkajsFrames, SAMPLES } from './peers/kafkajs-frames.ts';
import { kafkaPolicy } from './test-frames.ts';

let harness: Harness;
let conn: TestConnection;
const DENY_ALL = kafkaPolicy({ apiKeys: [99] });
const EXPECTED_ERROR: Record<string, number> = {
  produce: 29, fetch: 29, metadata: 29, listOffsets: 29, offsetCommit: 29, offsetFetch: 29,
  findCoordinator: 30, joinGroup: 30, heartbeat: 30, syncGroup: 30, leaveGroup: 30, apiVersions: 31,
};

/** Every errorCode and topic name anywhere in a decoded response. */
function walk(value: unknown, out: { errors: number[]; topics: string[] }): typeof out {
  if (Array.isArray(value)) value.forEach((v) => walk(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'errorCode' || k.endsWith('ErrorCode')) && typeof v === 'number') out.errors.push(v);
      else if ((k === 'topicName' || k === 'topic' || k === 'name') && typeof v === 'string') out.topics.push(v);
      else walk(v, out);
    }
  }
  return out;
}

describe('kafka: denial responses', () => {
  beforeEach(() => {
    harness = createHarness();
    conn = harness.connect('kafka', { policy: DENY_ALL });
  });
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  for (const name of Object.keys(SAMPLES)) {
    it(`${name}: every version kafkajs speaks decodes our denial`, async () => {
      for (const f of await kafkajsFrames(name, 1234)) {
        const length = f.frame.length;
        const out = harness.bridge.onData(conn.slot, false, false, [Buffer.from(f.frame)], 2);
        assert.deepEqual(out.ops, [[2, length]], `${name} v${f.version}`);
        const sent = Buffer.from(harness.bridge.injected(conn.slot, true));
        harness.bridge.clearInjected(conn.slot, true);
        assert.equal(sent.readInt32BE(0), sent.length - 4, `${name} v${f.version}: size`);
        assert.equal(sent.readInt32BE(4), 1234, `${name} v${f.version}: correlation id`);
        const decoded = walk(await f.decodeResponse(sent.subarray(8)), { errors: [], topics: [] });
        assert.ok(decoded.errors.includes(EXPECTED_ERROR[name]), `${name} v${f.version}: ${JSON.stringify(decoded)}`);
        assert.ok(decoded.errors.every((e) => e === EXPECTED_ERROR[name] || e === 0), `${name} v${f.version}: ${JSON.stringify(decoded)}`);
        const asked = JSON.stringify(SAMPLES[name]).match(/"topic":"(\w+)"/g)?.map((m) => m.slice(9, -1)) ?? [];
        for (const topic of asked) assert.ok(decoded.topics.includes(topic), `${name} v${f.version}: topic ${topic} echoed`);
        const entry = harness.accessLog.at(-1)!;
        assert.equal(entry.entryType, 'Denied');
        assert.equal(entry.kafka?.errorCode, EXPECTED_ERROR[name]);
      }
    });
  }

  it("the anchor's Produce v3 denial, byte for byte, when the producer wants an answer (acks=1)", () => {
    // The anchor's main vector with acks 1 instead of 0 (bytes 20–21).
    const p = Buffer.from('0000002a000000030001000100034142430001440001000003e80000000200024546000000000002474800000000', 'hex').toString('latin1');
    checkOnData(conn, { data: [p], ops: [['DROP', p.length]], opsCapacity: 1,
      replyInject: Buffer.from('0000001c00010001000000020002454600000000000247480000000000000000', 'hex').toString('latin1') });
  });
});
