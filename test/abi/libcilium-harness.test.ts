// The anchor's libcilium.json vectors through the real libcilium_testing.so, dlopen()ed by the harness.
import { after, before, describe, it } from 'node:test';
import { HarnessBackend } from './harness-backend.ts';
import { loadVectors, runAbiCase } from './run-vectors.ts';

const file = loadVectors('libcilium.json');

describe('libcilium.json through libcilium_testing.so (embedded runtime)', () => {
  let backend: HarnessBackend;
  let logPath = '';
  before(async () => {
    backend = await HarnessBackend.start();
    logPath = await backend.startAccessLog();
  });
  after(() => backend.shutdown());
  for (const c of file.cases) {
    it(c.name, () => runAbiCase(backend, c, { logPath }));
  }
});
