import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery, type Statement } from './statement.ts';
import { tokenize } from './tokenizer.ts';

const t = (keyspace: string | null, name: string) => ({ keyspace, name });
const one = (q: string) => parseQuery(q)?.[0];

describe('CQL tokenizer', () => {
  it('keeps literals, quoted names and comments away from words', () => {
    const tokens = tokenize(`SELECT "From" FROM t -- from x\nWHERE a = 'it''s from y' /* from z */ AND b = $$from w$$`)!;
    assert.deepEqual(tokens.filter((x) => x.kind === 'word').map((x) => x.text), ['select', 'from', 't', 'where', 'a', 'and', 'b']);
    assert.deepEqual(tokens.filter((x) => x.kind === 'quoted').map((x) => x.text), ['From']);
    assert.deepEqual(tokens.filter((x) => x.kind === 'string').map((x) => x.text), ["'it''s from y'", '$$from w$$']);
  });

  it('refuses what the server cannot read either', () => {
    for (const q of ["SELECT 'open", 'SELECT "open', 'SELECT /* open', 'SELECT $$open', 'SELECT\u00a0* FROM t', 'SELECT \x01']) {
      assert.equal(tokenize(q), null, JSON.stringify(q));
    }
  });

  it('reads numbers the way the server does (digits, then a new word)', () => {
    assert.deepEqual(tokenize('1from 2.5e3')!.map((x) => [x.kind, x.text]), [['number', '1'], ['word', 'from'], ['number', '2.5e3']]);
  });
});

describe('CQL statements', () => {
  const cases: Array<[string, Statement]> = [
    ["SELECT cluster_name FROM system.local WHERE key='local'", { action: 'select', table: t('system', 'local') }],
    ['select json * from KS.Tab', { action: 'select', table: t('ks', 'tab') }],
    ['SELECT * FROM "DB1"."T"', { action: 'select', table: t('DB1', 'T') }],
    ["SELECT * FROM secret.t WHERE c = ' from public.t '", { action: 'select', table: t('secret', 't') }],
    ['SELECT count(*) FROM t;', { action: 'select', table: t(null, 't') }],
    ['DELETE a FROM ks.t USING TIMESTAMP 5 WHERE k = 1', { action: 'delete', table: t('ks', 't') }],
    ['INSERT INTO db4.t1(f1, f2) VALUES (1, 2)', { action: 'insert', table: t('db4', 't1') }],
    ['UPDATE t SET a = 1 WHERE k = 2 IF EXISTS', { action: 'update', table: t(null, 't') }],
    ['USE "MyKs"', { action: 'use', keyspace: 'MyKs' }],
    ['use MyKs;', { action: 'use', keyspace: 'myks' }],
    ['TRUNCATE db4.t1', { action: 'truncate-table', table: t('db4', 't1') }],
    ['TRUNCATE TABLE t1', { action: 'truncate-table', table: t(null, 't1') }],
    ['CREATE TABLE IF NOT EXISTS db4.t1 (f1 varchar, PRIMARY KEY(f1))', { action: 'create-table', table: t('db4', 't1') }],
    ['CREATE COLUMNFAMILY t (a int PRIMARY KEY)', { action: 'create-table', table: t(null, 't') }],
    ['ALTER TABLE IF EXISTS secret.t ADD c int', { action: 'alter-table', table: t('secret', 't') }],
    ['DROP TABLE IF EXISTS ks.t', { action: 'drop-table', table: t('ks', 't') }],
    ["CREATE KEYSPACE IF NOT EXISTS newks WITH replication = {'class': 'SimpleStrategy'}", { action: 'create-keyspace', keyspace: 'newks' }],
    ['DROP KEYSPACE IF EXISTS ks', { action: 'drop-keyspace', keyspace: 'ks' }],
    ['ALTER SCHEMA ks WITH durable_writes = false', { action: 'alter-keyspace', keyspace: 'ks' }],
    ['CREATE CUSTOM INDEX ON ks.t (c) USING \'x\'', { action: 'create-index' }],
    ['CREATE MATERIALIZED VIEW v AS SELECT * FROM secret.t', { action: 'create-materialized-view' }],
    ['CREATE OR REPLACE FUNCTION f (a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$return a;$$', { action: 'create-function' }],
    ['CREATE ROLE admin WITH SUPERUSER = true', { action: 'create-role' }],
    ['GRANT SELECT ON KEYSPACE ks TO r', { action: 'grant-permission' }],
    ['GRANT r1 TO r2', { action: 'grant-role' }],
    ['REVOKE ALL ON ks.t FROM r', { action: 'revoke-permission' }],
    ['LIST ROLES', { action: 'list-roles' }],
    ['LIST ALL PERMISSIONS OF r', { action: 'list-permissions' }],
    ['DROP TRIGGER trig ON ks.t', { action: 'drop-trigger' }],
  ];
  for (const [q, want] of cases) it(q, () => assert.deepEqual(one(q), want));

  it('reads every statement of a text batch', () => {
    assert.deepEqual(parseQuery("BEGIN UNLOGGED BATCH USING TIMESTAMP 1 INSERT INTO a.t (k) VALUES (1); UPDATE b.t SET v = 'x' WHERE k = 1 DELETE FROM c.t WHERE k = 2 APPLY BATCH;"), [
      { action: 'insert', table: t('a', 't') }, { action: 'update', table: t('b', 't') }, { action: 'delete', table: t('c', 't') },
    ]);
  });

  it('refuses what it cannot place', () => {
    for (const q of ['', ';', 'SELECT * FROM', 'SELECT a', 'SELECT * FROM a.t; DROP TABLE b.t', 'BEGIN BATCH SELECT * FROM t APPLY BATCH',
                     'BEGIN BATCH INSERT INTO t (k) VALUES (1)', 'EXPLAIN SELECT 1', 'INSERT t VALUES (1)', 'CREATE SOMETHING x']) {
      assert.equal(parseQuery(q), null, JSON.stringify(q));
    }
  });
});
