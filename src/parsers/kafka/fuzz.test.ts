// Properties over random input (seeded, so every run checks the same cases): arbitrary bytes never make
// the parser throw, and how the input is cut into slices never changes the verdicts.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { FilterResult } from '../../framework/types.ts';
import { createHarness } from '../../testing/harness.ts';
import { kafkajsFrames, SAMPLES } from './peers/kafkajs-frames.ts';
import { kafkaPolicy } from './test-frames.ts';

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POLICY = kafkaPolicy({ topic: 'orders' }, { apiKeys: [3] });

function run(slices: Buffer[]) {
  const harness = createHarness();
  const conn = harness.connect('kafka', { policy: POLICY });
  const out = harness.bridge.onData(conn.slot, false, false, slices.map((s) => Buffer.from(s)), 256);
  const inject = Buffer.from(harness.bridge.injected(conn.slot, true)).toString('hex');
  harness.close(conn);
  return { out, inject, log: harness.accessLog.map((e) => [e.entryType, e.kafka]) };
}

describe('kafka: properties', () => {
  it('random changes to real requests never throw', async () => {
    const frames = (await Promise.all(Object.keys(SAMPLES).map((n) => kafkajsFrames(n)))).flat();
    const rnd = random(1);
    for (let i = 0; i < 400; i++) {
      const f = Buffer.from(frames[Math.floor(rnd() * frames.length)].frame);
      for (let k = 0; k < 3; k++) f[4 + Math.floor(rnd() * (f.length - 4))] = Math.floor(rnd() * 256);
      assert.equal(run([f]).out.result, FilterResult.OK, `case ${i}`);
    }
  });

  it('entirely random input never throws', () => {
    const rnd = random(2);
    for (let i = 0; i < 300; i++) {
      const data = Buffer.from(Array.from({ length: Math.floor(rnd() * 80) }, () => Math.floor(rnd() * 256)));
      assert.equal(run([data]).out.result, FilterResult.OK, `case ${i}`);
    }
  });

  it('the verdicts do not depend on how the input is cut into slices', async () => {
    const frames = (await Promise.all(Object.keys(SAMPLES).map((n) => kafkajsFrames(n)))).flat();
    const rnd = random(3);
    for (let i = 0; i < 100; i++) {
      const picked = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => frames[Math.floor(rnd() * frames.length)].frame);
      const whole = Buffer.concat(picked);
      const cuts: Buffer[] = [];
      for (let at = 0; at < whole.length;) {
        const n = 1 + Math.floor(rnd() * 40);
        cuts.push(whole.subarray(at, at + n));
        at += n;
      }
      assert.deepEqual(run(cuts), run([whole]), `case ${i}`);
    }
  });
});
