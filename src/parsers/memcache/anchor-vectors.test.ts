// Cilium's memcached tests (vectors/anchor.json: the anchor's memcache.json, with our deliberate difference
// written into the step that changes, with its reason, and two added steps marked `added`) through the
// real bridge in plain Node and through the real libcilium_testing.so in the harness.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { describeOnBothBackends } from '../../../test/abi/both-backends.ts';
import { type VectorFile } from '../../../test/abi/run-vectors.ts';

const file = JSON.parse(readFileSync(new URL('./vectors/anchor.json', import.meta.url), 'utf8')) as VectorFile;

describe('memcache anchor vectors', () => {
  it('holds every upstream case, and a reason wherever it departs from upstream', () => {
    assert.equal(file.cases.length, 31);
    for (const c of file.cases) {
      for (const step of c.steps) {
        if ('anchor_expect_reply_inject_hex' in step || 'anchor_expect_ops' in step) assert.match(step.difference, /\w/);
      }
    }
  });
});

describeOnBothBackends('memcache anchor vectors', file.cases.map((c) => ({ c })));
