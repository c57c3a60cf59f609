import { build, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { processAsGlobal } from '../../scripts/process-as-global.mjs';
import { Failure } from '../errors.ts';
import { parsersDir } from '../paths.ts';

/** What to bundle: a file of the author's, or generated entry source resolved from src/parsers. */
export type BundleEntry = { file: string } | { source: string };

/**
 * One CommonJS file for the embedded runtime (Node 18), as the `parser-bundle` parameter loads it:
 * the same esbuild settings as the runtime's own bundles (scripts/bundle.mjs).
 */
export async function bundleParsers(root: string, entry: BundleEntry, outfile: string): Promise<void> {
  const common: BuildOptions = {
    bundle: true, platform: 'node', target: 'node18', format: 'cjs', outfile, absWorkingDir: root,
    plugins: [processAsGlobal], sourcemap: 'inline', logLevel: 'silent',
  };
  if ('file' in entry && !existsSync(entry.file)) throw new Failure(`build: entry ${entry.file} does not exist`);
  const where = 'file' in entry
    ? { entryPoints: [entry.file] }
    : { stdin: { contents: entry.source, resolveDir: parsersDir(root), sourcefile: 'src/parsers/(bundle entry).ts', loader: 'ts' as const } };
  try {
    await build({ ...common, ...where });
  } catch (e) {
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors ?? [];
    const first = errors[0];
    const at = first?.location ? `${path.relative(root, path.resolve(root, first.location.file))}:${first.location.line}: ` : '';
    throw new Failure(`build: esbuild failed: ${at}${first?.text ?? (e as Error).message}`);
  }
}
