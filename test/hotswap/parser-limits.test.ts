/**
 * Parser limits are set by a parser bundle (docs/parameters.md, "Parser limits"): one that rebuilds a
 * built-in module with other limits takes effect in the running library and is undone by the next
 * bundle, without a restart.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { adminRequest } from '../../src/control/admin-client.ts';
import { kafkaPolicy } from '../../src/parsers/kafka/test-frames.ts';
import { checkOnData, createHarness } from '../../src/testing/harness.ts';
import { buildBundleFile } from '../support/parser-bundle.ts';
import { SwapDir } from './swap-dir.ts';
import { buildVersion } from './versions.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A Kafka frame header declaring 100 bytes, and the start of a request header. */
const FRAME_OF_100 = '\x00\x00\x00\x64\x00\x00\x00\x03';

describe('parser limits from a bundle', () => {
  const files = new SwapDir('limits');
  after(() => files.remove());

  it('a bundle lowers kafka\'s frame limit, and the next bundle puts the default back', async () => {
    const { bundleFile, adminSocket } = files;
    const install = (file: string) => files.install(readFileSync(file));
    install(await buildBundleFile({ entry: path.join(HERE, 'kafka-limits-bundle.ts') }));
    const harness = createHarness({ params: { 'parser-bundle': bundleFile, 'admin-socket': adminSocket } });
    harness.control({ cmd: 'controlOpen', module: harness.module });
    try {
      const policy = kafkaPolicy({ topic: 'ok' });
      const limited = harness.connect('kafka', { policy });
      checkOnData(limited, { data: [FRAME_OF_100], ops: [['ERROR', 3]], opsCapacity: 1 });

      install((await buildVersion('v1')).file);
      assert.equal((await adminRequest(adminSocket, { cmd: 'reload' })).ok, true);
      const unlimited = harness.connect('kafka');
      checkOnData(unlimited, { data: [FRAME_OF_100], ops: [['MORE', 96]] });
    } finally {
      harness.control({ cmd: 'controlClose', module: harness.module });
    }
  });
});
