// The Node cassandra-driver 4.10.0 against a CQL stub server, every connection through the harness
// relay (Cilium's Envoy-side algorithm over the real libcilium_testing.so): the driver negotiates down
// from DSE v2 to v4, connects, and runs allowed and denied statements (simple, prepared, batch).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import cassandra from 'cassandra-driver';
import { cassandraPolicy } from '../../src/parsers/cassandra/test-frames.ts';
import { HarnessRelay } from '../support/harness-relay-kafka.ts';
import { CqlStub } from './cassandra/cql-stub.ts';

let stub: CqlStub;
let relay: HarnessRelay;
let client: cassandra.Client;
const UNAUTHORIZED = 0x2100;

describe('cassandra end to end: cassandra-driver → harness relay (libcilium_testing.so) → CQL stub', () => {
  before(async () => {
    stub = await CqlStub.start();
    relay = await HarnessRelay.start({
      proto: 'cassandra', upstream: stub,
      policy: cassandraPolicy({ query_table: '^system\\.' }, { query_table: '^app\\.' }),
    });
    client = new cassandra.Client({
      contactPoints: [`127.0.0.1:${relay.port}`], localDataCenter: 'dc1', isMetadataSyncEnabled: false,
      protocolOptions: { port: relay.port }, pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 1 } },
    });
    await client.connect();
  });
  after(async () => {
    await client.shutdown();
    await relay.stop();
    await stub.stop();
  });

  it('connects (v4, after the proxy refused the DSE versions) and runs allowed statements', async () => {
    const result = await client.execute('SELECT v FROM app.t WHERE k = 1');
    assert.equal(result.rows[0].v, 'ok');
    await client.execute('INSERT INTO app.t (k, v) VALUES (?, ?)', ['a', 'b'], { prepare: true });
    await client.batch([
      { query: 'INSERT INTO app.t (k, v) VALUES (?, ?)', params: ['c', 'd'] },
      { query: "UPDATE app.u SET v = 'x' WHERE k = 'e'" },
    ], { prepare: true });
    assert.ok(stub.queries.includes('INSERT INTO app.t (k, v) VALUES (?, ?)'));
    assert.equal(client.getState().getConnectedHosts()[0].getCassandraVersion().join('.'), '3.11.16');
  });

  it('denied statements fail with Unauthorized, never reach the server, and the connection keeps working', async () => {
    await assert.rejects(client.execute('SELECT * FROM secret.t'), { code: UNAUTHORIZED });
    await assert.rejects(client.execute("SELECT * FROM secret.t WHERE c = ' from app.t '"), { code: UNAUTHORIZED });
    await assert.rejects(client.execute('DELETE FROM secret.t WHERE k = ?', ['x'], { prepare: true }), { code: UNAUTHORIZED });
    await assert.rejects(client.batch([
      { query: 'INSERT INTO app.t (k, v) VALUES (?, ?)', params: ['f', 'g'] },
      { query: 'INSERT INTO secret.t (k, v) VALUES (?, ?)', params: ['h', 'i'] },
    ]), { code: UNAUTHORIZED });
    assert.ok(!stub.queries.some((q) => q.includes('secret')), JSON.stringify(stub.queries));
    const again = await client.execute('SELECT v FROM app.t');
    assert.equal(again.rows[0].v, 'ok');
    assert.deepEqual(relay.closedByParser, []);
  });
});
