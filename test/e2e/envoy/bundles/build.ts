/** Builds a parser bundle (CommonJS, exporting `parsers`) from a file in this folder, for the `parser-bundle` parameter. */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function buildParserBundle(name: 'whoami' | 'faulty'): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-bundle-')), `${name}.cjs`);
  await build({
    entryPoints: [path.join(HERE, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
