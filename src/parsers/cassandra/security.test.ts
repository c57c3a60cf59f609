// Each of the anchor's Cassandra holes (docs/differences.md), replayed: what Cilium let through is
// now refused, and what it broke now works.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import {
  cassandraPolicy, execute, frame, int, longString, options, prepare, prepared, query, reply, serverError, setKeyspace,
  short, shortBytes, string, unauthorized, voidResult,
} from './test-frames.ts';

let harness: Harness;
let conn: TestConnection;
const PUBLIC_ONLY = cassandraPolicy({ query_table: '^public\\.' });

function open(policy: unknown[]): void {
  conn = harness.connect('cassandra', { policy });
}
const allowed = (data: string) => checkOnData(conn, { data: [data], ops: [['PASS', data.length], ['MORE', 9]] });
const denied = (data: string, stream = 1) =>
  checkOnData(conn, { data: [data], ops: [['DROP', data.length], ['MORE', 9]], replyInject: unauthorized(stream) });
const fromServer = (data: string) => checkOnData(conn, { reply: true, data: [data], ops: [['PASS', data.length], ['MORE', 9]] });
const lastFields = () => harness.accessLog.at(-1)?.genericL7?.fields;

describe('cassandra: the anchor holes stay closed', () => {
  beforeEach(() => { harness = createHarness(); });
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  it('table spoofing through string literals and comments', () => {
    open(PUBLIC_ONLY);
    denied(query("SELECT * FROM secret.t WHERE c = ' from public.t '"));
    denied(query('SELECT * FROM secret.t /* from public.t */'));
    denied(query('SELECT * FROM secret.t -- from public.t'));
    denied(query('SELECT * FROM secret.t WHERE c = $$ from public.t $$'));
    allowed(query("SELECT * FROM public.t WHERE c = ' from secret.t '"));
    assert.deepEqual(lastFields(), { query_action: 'select', query_table: 'public.t' });
  });

  it('keyspace: a prepared USE switches nothing until it is executed and answered', () => {
    open(PUBLIC_ONLY);
    allowed(query('USE secret', 1));
    fromServer(setKeyspace('secret', 1));
    allowed(prepare('USE public', 2));
    fromServer(prepared('use-public', 2));
    denied(query('SELECT * FROM t', 3), 3);
    assert.deepEqual(lastFields(), { query_action: 'select', query_table: 'secret.t' });
    // Executing it is what switches, once the server says so.
    allowed(execute('use-public', 4));
    fromServer(setKeyspace('public', 4));
    allowed(query('SELECT * FROM t', 5));
  });

  it('keyspace: a failed USE switches nothing', () => {
    open(PUBLIC_ONLY);
    allowed(query('USE secret', 1));
    fromServer(setKeyspace('secret', 1));
    allowed(query('USE public', 2));
    fromServer(serverError(2));
    denied(query('SELECT * FROM t', 3), 3);
  });

  it('keyspace: while a USE is in flight, both keyspaces must allow an unqualified table', () => {
    open(PUBLIC_ONLY);
    allowed(query('USE secret', 1));
    fromServer(setKeyspace('secret', 1));
    allowed(query('USE public', 2));
    denied(query('SELECT * FROM t', 3), 3);
    fromServer(setKeyspace('public', 2));
    allowed(query('SELECT * FROM t', 4));
  });

  it('keyspace: quoted names keep their case', () => {
    open(PUBLIC_ONLY);
    allowed(query('USE "Public"', 1));
    fromServer(setKeyspace('Public', 1));
    denied(query('SELECT * FROM t', 2), 2);
    denied(query('SELECT * FROM "Public".t', 3), 3);
  });

  it('no table: table rules no longer allow statements without one', () => {
    open(PUBLIC_ONLY);
    denied(query('CREATE ROLE admin WITH SUPERUSER = true AND LOGIN = true'));
    denied(query("GRANT ALL PERMISSIONS ON ALL KEYSPACES TO admin"));
    denied(query('TRUNCATE secret.t'));
    assert.deepEqual(lastFields(), { query_action: 'truncate-table', query_table: 'secret.t' });
    allowed(query('TRUNCATE public.t'));
  });

  it('IF [NOT] EXISTS and keyspace DDL name the real object', () => {
    open(cassandraPolicy({ query_action: 'alter-table', query_table: '^public\\.' }, { query_action: 'create-keyspace', query_table: '^scratch$' }));
    denied(query('ALTER TABLE IF EXISTS secret.t ADD c int'));
    allowed(query('ALTER TABLE IF EXISTS public.t ADD c int'));
    allowed(query('USE public'));
    allowed(query('CREATE KEYSPACE IF NOT EXISTS scratch WITH replication = {}'));
    assert.deepEqual(lastFields(), { query_action: 'create-keyspace', query_table: 'scratch' });
  });

  it('batches with null and unset values are read, not a crash', () => {
    open(PUBLIC_ONLY);
    const entry = (q: string, values: number[]) =>
      Buffer.concat([Buffer.from([0]), longString(q), short(values.length), ...values.map((n) => (n >= 0 ? Buffer.concat([int(n), Buffer.alloc(n)]) : int(n)))]);
    const batch = (...entries: Buffer[]) => frame(13, Buffer.concat([Buffer.from([1]), short(entries.length), ...entries, short(1), Buffer.from([0])]));
    allowed(batch(entry('INSERT INTO public.t (a, b, c) VALUES (?, ?, ?)', [-1, -2, 3]), entry('UPDATE public.u SET a = ? WHERE k = 1', [-1])));
    denied(batch(entry('INSERT INTO public.t (a) VALUES (?)', [-2]), entry('DELETE FROM secret.t WHERE k = ?', [-1])));
    assert.deepEqual(harness.accessLog.slice(-2).map((e) => e.genericL7?.fields.query_table), ['public.t', 'secret.t']);
  });

  it('inner lengths must fit the frame: nothing is read from the next one', () => {
    open(PUBLIC_ONLY);
    // The query claims 40 bytes but its frame holds 11; the next frame's bytes would complete it.
    const short11 = frame(7, Buffer.concat([int(40), Buffer.from('SELECT * FR')]));
    const next = query('OM public.t WHERE k = 1');
    checkOnData(conn, { data: [short11 + next], ops: [['ERROR', 2]], opsCapacity: 1 });
    // The connection is failed for good: no second decode, no second log entry.
    checkOnData(conn, { data: [short11 + next], ops: [['ERROR', 2], ['ERROR', 2]], opsCapacity: 2 });
  });

  it('batch entries must fit the frame', () => {
    open(PUBLIC_ONLY);
    const body = Buffer.concat([Buffer.from([0]), short(2), Buffer.from([0]), longString('INSERT INTO public.t (k) VALUES (1)'), short(0)]);
    checkOnData(conn, { data: [frame(13, body)], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('custom payload: the query after the payload is the one checked', () => {
    open(PUBLIC_ONLY);
    // A bytes map whose bytes look like a query string to a reader that does not skip it.
    const fake = Buffer.concat([int(18), Buffer.from('SELECT * FROM public.t')]);
    const payload = Buffer.concat([short(1), string('k'), int(fake.length), fake]);
    const q = Buffer.concat([payload, longString('SELECT * FROM secret.t'), short(1), Buffer.from([0])]);
    const f = frame(7, q, { flags: 0x04 });
    checkOnData(conn, { data: [f], ops: [['DROP', f.length], ['MORE', 9]], replyInject: unauthorized(1) });
  });

  it('tracing: a RESULT with a tracing id still binds the right prepared id', () => {
    open(PUBLIC_ONLY);
    allowed(prepare('SELECT * FROM public.t', 7));
    const body = Buffer.concat([Buffer.alloc(16, 0xee), int(4), shortBytes(Buffer.from('good')), int(0), int(0), int(0), int(0), int(0)]);
    fromServer(reply(8, body, { stream: 7, flags: 0x02 }));
    allowed(execute('good', 8));
  });

  it('compression is refused at STARTUP; a compressed frame closes the connection', () => {
    open(PUBLIC_ONLY);
    const map = (m: Record<string, string>) => Buffer.concat([short(Object.keys(m).length), ...Object.entries(m).flatMap(([k, v]) => [string(k), string(v)])]);
    const startup = frame(1, map({ CQL_VERSION: '3.0.0', COMPRESSION: 'lz4' }));
    const refusal = reply(0, Buffer.concat([int(0x000a), string('Compression is not supported through this proxy')]));
    checkOnData(conn, { data: [startup], ops: [['DROP', startup.length], ['MORE', 9]], replyInject: refusal });
    allowed(frame(1, map({ CQL_VERSION: '3.0.0' })));
    const compressed = frame(7, Buffer.alloc(12), { flags: 0x01 });
    checkOnData(conn, { data: [compressed], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('protocol v5 and DSE versions are answered so that drivers fall back to v4', () => {
    open(PUBLIC_ONLY);
    for (const version of [5, 0x42]) {
      const f = frame(5, Buffer.alloc(0), { version, stream: 0 });
      const message = `Invalid or unsupported protocol version (${version}); supported versions are (3/v3, 4/v4)`;
      const answer = reply(0, Buffer.concat([int(0x000a), string(message)]), { stream: 0 });
      checkOnData(conn, { data: [f], ops: [['DROP', 9], ['MORE', 9]], replyInject: answer });
    }
    allowed(options());
    assert.deepEqual(harness.accessLogCounts(), { passes: 0, drops: 2 });
  });

  it('results that do not close a stream leave the session alone', () => {
    open(PUBLIC_ONLY);
    allowed(query('SELECT * FROM public.t', 1));
    fromServer(voidResult(1));
  });
});
