// Frames from real encoders (the npm cassandra-driver and Debian's python3-cassandra, v3 and v4)
// through the parser: every message kind a client sends is framed, read and checked.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { nodeDriverFrames, pythonDriverFrames } from './peers/driver-frames.ts';
import { cassandraPolicy, prepared } from './test-frames.ts';

let harness: Harness;
let conn: TestConnection;
const latin1 = (b: Buffer) => b.toString('latin1');
const KS_ONLY = cassandraPolicy({ query_table: '^ks\\.' });

function passes(frame: Buffer, fields: Array<Record<string, string>> = []): void {
  const before = harness.accessLog.length;
  checkOnData(conn, { data: [latin1(frame)], ops: [['PASS', frame.length], ['MORE', 9]] });
  assert.deepEqual(harness.accessLog.slice(before).map((e) => [e.entryType, e.genericL7?.fields]), fields.map((f) => ['Request', f]));
}

const fromServer = (frame: string) => checkOnData(conn, { reply: true, data: [frame], ops: [['PASS', frame.length], ['MORE', 9]] });
const select = { query_action: 'select', query_table: 'ks.t' };

describe('cassandra: frames from real encoders', () => {
  beforeEach(() => {
    harness = createHarness();
    conn = harness.connect('cassandra', { policy: KS_ONLY });
  });
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  for (const version of [3, 4] as const) {
    it(`cassandra-driver 4.10.0, protocol v${version}`, () => {
      const f = nodeDriverFrames(version);
      passes(f.options);
      passes(f.startup);
      passes(f.register);
      passes(f.query, [select]);
      passes(f.prepare, [select]);
      fromServer(prepared('abcd', 5).replace('\x84', String.fromCharCode(0x80 | version)));
      passes(f.execute, [select]);
      passes(f.batch, [{ query_action: 'insert', query_table: 'ks.t' }, { query_action: 'update', query_table: 'ks.u' }]);
    });

    it(`python3-cassandra, protocol v${version}`, () => {
      const f = pythonDriverFrames();
      const v = (k: string) => f[`v${version}_${k}`];
      passes(v('options'));
      passes(v('startup'));
      passes(v('register'));
      passes(v('query'), [{ query_action: 'select', query_table: 'ks.t' }]);
      passes(v('prepare'), [{ query_action: 'insert', query_table: 'ks.t' }]);
      fromServer(prepared('\x01\x02\x03\x04', 7));
      passes(v('execute'), [{ query_action: 'insert', query_table: 'ks.t' }]);
      passes(v('batch'), [{ query_action: 'insert', query_table: 'ks.t' }, { query_action: 'insert', query_table: 'ks.t' }]);
    });
  }

  it('a request opcode no client sends closes the connection', () => {
    const result = Buffer.from('0400000108000000040000000001', 'hex').subarray(0, 13);
    checkOnData(conn, { data: [latin1(result)], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('an unknown prepared id in a batch is answered Unprepared', () => {
    const f = pythonDriverFrames().v4_batch;
    const unprepared = Buffer.from('84000007000000000a0000250000040102030400', 'hex').subarray(0, 19);
    checkOnData(conn, { data: [latin1(f)], ops: [['DROP', f.length], ['MORE', 9]], replyInject: latin1(unprepared) });
    assert.deepEqual(harness.accessLog.at(-1)?.genericL7?.fields, { error: 'unknown prepared query id' });
  });
});
