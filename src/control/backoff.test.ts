import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from './backoff.ts';

describe('Backoff (Cilium NPDS schedule)', () => {
  it('doubles from 100 ms, the first wait already 200 ms, capped at 10 s', () => {
    const b = new Backoff();
    const waits = Array.from({ length: 9 }, () => b.next());
    assert.deepEqual(waits, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]);
  });

  it('starts over after reset()', () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 200);
  });
});
