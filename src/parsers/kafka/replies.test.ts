// Our denials, in every API and version kafkajs speaks, read back by kafkajs's own response
// decoders: the client sees the authorization error on every topic and partition it asked for.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { ErrorCode } from './apis/index.ts';
import { kafkajsFrames, SAMPLES } from './peers/kafkajs-frames.ts';
import { kafkaPolicy } from './test-frames.ts';

let harness: Harness;
let conn: TestConnection;
const DENY_ALL = kafkaPolicy({ apiKeys: [99] });
const { TOPIC_AUTHORIZATION_FAILED: TOPIC, GROUP_AUTHORIZATION_FAILED: GROUP, CLUSTER_AUTHORIZATION_FAILED: CLUSTER,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: TXN, SASL_AUTHENTICATION_FAILED: SASL } = ErrorCode;

/**
 * Per API: the error the access log records, every error the answer may carry (default: that one),
 * and the names (groups, resources, topics by name only) the answer must repeat.
 */
const EXPECTED: Record<string, { logged: number; errors?: number[]; names?: string[] }> = {
  produce: { logged: TOPIC }, fetch: { logged: TOPIC }, metadata: { logged: TOPIC }, listOffsets: { logged: TOPIC },
  offsetCommit: { logged: TOPIC }, offsetFetch: { logged: TOPIC },
  findCoordinator: { logged: GROUP }, joinGroup: { logged: GROUP }, heartbeat: { logged: GROUP },
  syncGroup: { logged: GROUP }, leaveGroup: { logged: GROUP }, apiVersions: { logged: CLUSTER },
  describeGroups: { logged: GROUP, names: ['g1', 'g2'] }, listGroups: { logged: CLUSTER },
  saslHandshake: { logged: CLUSTER }, saslAuthenticate: { logged: SASL },
  createTopics: { logged: TOPIC }, deleteTopics: { logged: TOPIC, names: ['orders', 'audit'] }, deleteRecords: { logged: TOPIC },
  initProducerId: { logged: TXN }, addPartitionsToTxn: { logged: TOPIC }, addOffsetsToTxn: { logged: TXN },
  endTxn: { logged: TXN }, txnOffsetCommit: { logged: TOPIC },
  describeAcls: { logged: CLUSTER }, createAcls: { logged: CLUSTER }, deleteAcls: { logged: CLUSTER },
  // A topic resource is refused for the topic, a broker for the cluster.
  describeConfigs: { logged: CLUSTER, errors: [TOPIC, CLUSTER], names: ['orders', '1'] },
  alterConfigs: { logged: CLUSTER, errors: [TOPIC, CLUSTER], names: ['orders', '1'] },
  createPartitions: { logged: TOPIC }, deleteGroups: { logged: GROUP, names: ['g1', 'g2'] },
  alterPartitionReassignments: { logged: CLUSTER }, listPartitionReassignments: { logged: CLUSTER },
};

/** Every error code and every string anywhere in a decoded response. */
function walk(value: unknown, out: { errors: number[]; strings: string[] }): typeof out {
  if (Array.isArray(value)) value.forEach((v) => walk(v, out));
  else if (typeof value === 'string') out.strings.push(value);
  else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'errorCode' || k.endsWith('ErrorCode')) && typeof v === 'number') out.errors.push(v);
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

  it('every API kafkajs speaks has an expectation', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), Object.keys(EXPECTED).sort());
  });

  for (const name of Object.keys(SAMPLES)) {
    it(`${name}: every version kafkajs speaks decodes our denial`, async () => {
      const want = EXPECTED[name];
      for (const f of await kafkajsFrames(name, 1234)) {
        const at = `${name} v${f.version}`;
        const length = f.frame.length;
        const out = harness.bridge.onData(conn.slot, false, false, [Buffer.from(f.frame)], 2);
        assert.deepEqual(out.ops, [[2, length]], at);
        const sent = Buffer.from(harness.bridge.injected(conn.slot, true));
        harness.bridge.clearInjected(conn.slot, true);
        assert.equal(sent.readInt32BE(0), sent.length - 4, `${at}: size`);
        assert.equal(sent.readInt32BE(4), 1234, `${at}: correlation id`);
        // kafkajs reads a flexible version's response header (v1) itself, so it is given the bytes after the correlation id.
        const decoded = walk(await f.decodeResponse(sent.subarray(8)), { errors: [], strings: [] });
        const seen = JSON.stringify(decoded);
        assert.ok(decoded.errors.includes(want.logged) || (want.errors ?? []).some((e) => decoded.errors.includes(e)), `${at}: ${seen}`);
        assert.ok(decoded.errors.every((e) => (want.errors ?? [want.logged]).includes(e) || e === 0), `${at}: ${seen}`);
        const asked = JSON.stringify(SAMPLES[name]).match(/"topic":"(\w+)"/g)?.map((m) => m.slice(9, -1)) ?? [];
        for (const n of [...asked, ...(want.names ?? [])]) assert.ok(decoded.strings.includes(n), `${at}: ${n} echoed in ${seen}`);
        const entry = harness.accessLog.at(-1)!;
        assert.equal(entry.entryType, 'Denied');
        assert.equal(entry.kafka?.errorCode, want.logged, at);
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
