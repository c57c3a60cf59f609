/** The dynamic module's C++ unit tests (build/bin/dynamic-module-test: settings, selection, CIDR, zero-copy tail). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { BUILD_DIR } from './envoy/paths.ts';

test('dynamic-module-test passes', () => {
  const r = spawnSync(path.join(BUILD_DIR, 'bin/dynamic-module-test'), [], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\d+ tests, 0 failed checks/);
});
