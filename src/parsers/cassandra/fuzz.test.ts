// Properties over random input (seeded, so every run checks the same cases): arbitrary bytes never make
// the parser throw, and how the input is cut into slices never changes the verdicts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterResult, Op } from '../../framework/types.ts';
import { createHarness } from '../../testing/harness.ts';
import { cassandraPolicy, execute, options, prepare, query } from './test-frames.ts';

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POLICY = cassandraPolicy({ query_table: '^ks\\.' });
const STATEMENTS = ['SELECT * FROM ks.t', "SELECT * FROM other.t WHERE a = ' from ks.t '", 'INSERT INTO ks.u (k) VALUES (1)',
  'BEGIN BATCH INSERT INTO ks.t (k) VALUES (1) APPLY BATCH', 'DROP TABLE other.x', 'nonsense (', 'USE ks'];

function run(slices: Buffer[]) {
  const harness = createHarness();
  const conn = harness.connect('cassandra', { policy: POLICY });
  const out = harness.bridge.onData(conn.slot, false, false, slices, 256);
  const inject = Buffer.from(harness.bridge.injected(conn.slot, true)).toString('hex');
  harness.close(conn);
  return { out, inject, log: harness.accessLog.map((e) => [e.entryType, e.genericL7?.fields]) };
}

describe('cassandra: properties', () => {
  it('random bytes after a valid header never throw', () => {
    const rnd = random(1);
    for (let i = 0; i < 300; i++) {
      const body = Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
      const opcode = [1, 5, 7, 9, 10, 11, 13, 15][Math.floor(rnd() * 8)];
      const header = Buffer.from([4, Math.floor(rnd() * 2) * 4, 0, 1, opcode, 0, 0, 0, body.length]);
      const { out } = run([Buffer.concat([header, body])]);
      assert.equal(out.result, FilterResult.OK, `case ${i}`);
      assert.ok(out.ops.every(([op]) => op !== Op.INJECT), `case ${i}`);
    }
  });

  it('entirely random input never throws', () => {
    const rnd = random(2);
    for (let i = 0; i < 300; i++) {
      const data = Buffer.from(Array.from({ length: Math.floor(rnd() * 80) }, () => Math.floor(rnd() * 256)));
      assert.equal(run([data]).out.result, FilterResult.OK, `case ${i}`);
    }
  });

  it('the verdicts do not depend on how the input is cut into slices', () => {
    const rnd = random(3);
    for (let i = 0; i < 100; i++) {
      const frames = Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, k) => {
        const s = STATEMENTS[Math.floor(rnd() * STATEMENTS.length)];
        return [query, prepare, () => options(k), (_q: string, st: number) => execute('nope', st)][Math.floor(rnd() * 4)](s, k);
      });
      const whole = Buffer.from(frames.join(''), 'latin1');
      const cuts: Buffer[] = [];
      for (let at = 0; at < whole.length;) {
        const n = 1 + Math.floor(rnd() * 20);
        cuts.push(whole.subarray(at, at + n));
        at += n;
      }
      assert.deepEqual(run(cuts), run([whole]), `case ${i}`);
    }
  });
});
