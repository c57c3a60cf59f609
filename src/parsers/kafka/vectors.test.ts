// The anchor's kafka vectors (vectors/anchor.json, every upstream case) and ours (vectors/extra.json),
// with the deliberate differences of vectors/differences.ts, through the bridge in plain Node and through the real
// libcilium_testing.so in the harness.
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AddonBackend } from '../../../test/abi/addon-backend.ts';
import type { AbiBackend } from '../../../test/abi/backend.ts';
import { HarnessBackend } from '../../../test/abi/harness-backend.ts';
import { loadVectors, runAbiCase } from '../../../test/abi/run-vectors.ts';
import { kafkaOverrides } from './vectors/differences.ts';

const files = ['anchor.json', 'extra.json'].map((f) => ({ f, v: loadVectors(fileURLToPath(new URL(`./vectors/${f}`, import.meta.url))) }));
const backends: Array<[string, () => Promise<AbiBackend>]> = [
  ['plain Node (addon)', async () => new AddonBackend()],
  ['libcilium_testing.so (harness)', () => HarnessBackend.start()],
];

for (const [name, start] of backends) {
  describe(`kafka vectors through ${name}`, () => {
    let backend: AbiBackend;
    let logPath = '';
    before(async () => {
      backend = await start();
      logPath = await backend.startAccessLog();
    });
    after(() => backend.shutdown());
    for (const { f, v } of files) {
      for (const c of v.cases) {
        it(`${f}: ${c.name}`, () => runAbiCase(backend, c, { logPath, overrides: kafkaOverrides }));
      }
    }
  });
}
