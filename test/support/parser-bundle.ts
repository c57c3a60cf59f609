/** Builds a parser bundle (CommonJS, exporting `parsers`) from a TypeScript entry, as `tsproxylib build` does. */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BundleBuild {
  /** The entry file (TypeScript). */
  entry: string;
  /** Where to write it; default: a new temporary directory. */
  outfile?: string;
  /** Compile-time constants (esbuild `define`), values as JavaScript source. */
  define?: Record<string, string>;
}

export async function buildBundleFile({ entry, outfile, define }: BundleBuild): Promise<string> {
  const out = outfile ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-bundle-')), `${path.basename(entry, '.ts')}.cjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: out, define, logLevel: 'error' });
  return out;
}
