// Properties of the bundles the embedded runtime loads (build/lib/*.cjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_DIR } from '../harness/client.ts';

describe('embedded bundles', () => {
  for (const name of ['tsproxylib.cjs', 'tsproxylib-testing.cjs']) {
    it(`${name} never loads Node's builtin "process" module`, () => {
      // In Node 18 that module's facade reads process.stdin, which turns the host's stdin non-blocking
      // (scripts/bundle.mjs serves the global process object instead).
      const text = readFileSync(path.join(BUILD_DIR, 'lib', name), 'utf8');
      assert.doesNotMatch(text, /require\(["'](node:)?process["']\)/);
    });
  }
});
