// The parser's own behaviour: the prepared-statement round trip, replies decided from their first
// bytes, bounded buffering and state, denials that do not fit one inject buffer.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { createCassandraModule } from './index.ts';
import { preparedPaths } from './test-hooks.ts';
import { cassandraPolicy, execute, options, prepare, prepared, query, setKeyspace, unauthorized } from './test-frames.ts';
import { testParsers } from '../test/index.ts';
import type { Parser, ParserModule } from '../../framework/parser.ts';

let harness: Harness;
let conn: TestConnection;
const DB3 = cassandraPolicy({ query_table: '^db3\\.' });

function open(policy: unknown[], module?: ParserModule, keep?: (p: Parser) => void): void {
  const wrapped = module && keep ? { ...module, create: (c: Parameters<ParserModule['create']>[0]) => { const p = module.create(c)!; keep(p); return p; } } : module;
  harness = createHarness(wrapped ? { modules: [wrapped, ...testParsers] } : {});
  conn = harness.connect('cassandra', { policy });
}
const pass = (data: string) => checkOnData(conn, { data: [data], ops: [['PASS', data.length], ['MORE', 9]] });
const fromServer = (data: string) => checkOnData(conn, { reply: true, data: [data], ops: [['PASS', data.length], ['MORE', 9]] });

describe('cassandra parser', () => {
  afterEach(() => {
    harness.close(conn);
    harness.assertNoOpenConnections();
  });

  it('PREPARE → RESULT → EXECUTE, checked again under each policy', () => {
    let parser: Parser | undefined;
    open(DB3, createCassandraModule(), (p) => { parser = p; });
    pass(prepare('SELECT * FROM db3.t1 WHERE k = ?', 4));
    fromServer(prepared('aaaa', 4));
    assert.deepEqual(preparedPaths(parser!), [{ id_hex: '61616161', paths: ['/select/db3.t1'] }]);
    pass(execute('aaaa', 5));
    assert.deepEqual(harness.insertPolicy(cassandraPolicy({ query_table: '^db4\\.' })), { ok: true });
    const e = execute('aaaa', 6);
    checkOnData(conn, { data: [e], ops: [['DROP', e.length], ['MORE', 9]], replyInject: unauthorized(6) });
    assert.deepEqual(harness.accessLog.map((x) => [x.entryType, x.genericL7?.fields.query_table]), [
      ['Request', 'db3.t1'], ['Request', 'db3.t1'], ['Denied', 'db3.t1'],
    ]);
  });

  it('a denied PREPARE binds nothing, and the id then answers Unprepared', () => {
    open(DB3);
    const p = prepare('SELECT * FROM db4.t', 4);
    checkOnData(conn, { data: [p], ops: [['DROP', p.length], ['MORE', 9]], replyInject: unauthorized(4) });
    fromServer(prepared('bbbb', 4));
    const e = execute('bbbb', 5);
    checkOnData(conn, { data: [e], ops: [['DROP', e.length], ['MORE', 9]], replyInject: '\x84\x00\x00\x05\x00\x00\x00\x00\x0a\x00\x00\x25\x00\x00\x04bbbb' });
  });

  it('a reply passes on its first bytes; a RESULT waits only for its kind and id', () => {
    open(DB3);
    pass(prepare('SELECT * FROM db3.t', 4));
    const r = prepared('cccc', 4);
    checkOnData(conn, { reply: true, data: [r.slice(0, 12)], ops: [['MORE', 1]] });
    checkOnData(conn, { reply: true, data: [r.slice(0, 16)], ops: [['MORE', 3]] });
    // Id complete: the whole frame passes although its metadata has not arrived; nothing may follow.
    checkOnData(conn, { reply: true, data: [r.slice(0, 19)], ops: [['PASS', r.length]] });
    pass(execute('cccc', 5));
    const ready = '\x84\x00\x00\x00\x02\x00\x00\x01\x00';
    checkOnData(conn, { reply: true, data: [ready.slice(0, 9)], ops: [['PASS', 9 + 256]] });
  });

  it('request frames are buffered up to the limit only', () => {
    open(DB3, createCassandraModule({ maxRequestFrame: 64 }));
    pass(query('SELECT * FROM db3.t', 1));
    const big = query(`SELECT * FROM db3.t WHERE k = '${'x'.repeat(40)}'`, 2);
    checkOnData(conn, { data: [big.slice(0, 9)], ops: [['ERROR', 3]], opsCapacity: 1 });
  });

  it('a stream reused before its reply closes the connection', () => {
    open(DB3);
    pass(prepare('SELECT * FROM db3.t', 4));
    checkOnData(conn, { data: [prepare('SELECT * FROM db3.u', 4)], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('prepared ids are bounded: the oldest is forgotten and answered Unprepared', () => {
    open(DB3, createCassandraModule({ maxPreparedStatements: 2 }));
    for (const [i, id] of ['id01', 'id02', 'id03'].entries()) {
      pass(prepare(`SELECT * FROM db3.t${i}`, i + 1));
      fromServer(prepared(id, i + 1));
    }
    pass(execute('id02', 9));
    pass(execute('id03', 9));
    const e = execute('id01', 9);
    checkOnData(conn, { data: [e], ops: [['DROP', e.length], ['MORE', 9]], replyInject: '\x84\x00\x00\x09\x00\x00\x00\x00\x0a\x00\x00\x25\x00\x00\x04id01' });
  });

  it('many denials: what does not fit the inject buffer follows at the next reply boundary', () => {
    open(DB3);
    const denied = Array.from({ length: 40 }, (_, i) => query('SELECT * FROM secret.t', i));
    const all = denied.join('');
    const ops = denied.map((d) => ['DROP', d.length] as ['DROP', number]);
    const expected = denied.map((_, i) => unauthorized(i)).join('');
    checkOnData(conn, { data: [all], ops: [...ops, ['MORE', 9]], replyInject: expected.slice(0, 1024) });
    // The empty write Envoy makes for pending reverse injection carries on where the buffer filled.
    checkOnData(conn, { reply: true, data: [], ops: [['INJECT', expected.length - 1024], ['MORE', 9]], replyInject: expected.slice(1024) });
    fromServer(setKeyspace('db3', 1));
  });

  it('a keyspace learnt from the server qualifies later tables', () => {
    open(DB3);
    pass(options());
    pass(query('USE db3', 2));
    fromServer(setKeyspace('db3', 2));
    pass(query('SELECT * FROM t', 3));
    assert.deepEqual(harness.accessLog.at(-1)?.genericL7?.fields, { query_action: 'select', query_table: 'db3.t' });
  });
});
