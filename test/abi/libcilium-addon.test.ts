// The anchor's libcilium.json vectors through the bridge in plain Node (bindings/addon).
import { after, before, describe, it } from 'node:test';
import { AddonBackend } from './addon-backend.ts';
import { loadVectors, runAbiCase } from './run-vectors.ts';

const file = loadVectors('libcilium.json');

describe('libcilium.json through the bridge in plain Node', () => {
  const backend = new AddonBackend();
  let logPath = '';
  before(async () => { logPath = await backend.startAccessLog(); });
  after(() => backend.shutdown());
  for (const c of file.cases) {
    it(c.name, () => runAbiCase(backend, c, { logPath }));
  }
});
