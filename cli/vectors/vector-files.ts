import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Overrides, VectorFile } from '../../test/abi/run-vectors.ts';
import { Failure, UsageError } from '../errors.ts';
import { parsersDir, REPO_ROOT } from '../paths.ts';

export interface LoadedVectors {
  /** As given, or relative to the checkout. */
  name: string;
  file: VectorFile;
}

/** A parser's vector files: src/parsers/<proto>/vectors/*.json. */
export function defaultVectorFiles(proto: string): string[] {
  const dir = path.join(parsersDir(), proto, 'vectors');
  if (!existsSync(dir)) throw new UsageError(`test: no vectors for "${proto}" (expected ${path.relative(REPO_ROOT, dir)}/*.json; or name files: tsproxylib test ${proto} vectors FILE...)`);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

/**
 * Reads vector files, keeping those whose cases talk to a parser (with steps); files of other levels
 * (rule or function vectors) are left to their own tests. Fails when nothing runnable remains.
 */
export function loadFrameVectors(files: readonly string[]): LoadedVectors[] {
  const loaded: LoadedVectors[] = [];
  for (const file of files) {
    let data: VectorFile;
    try {
      data = JSON.parse(readFileSync(file, 'utf8')) as VectorFile;
    } catch (e) {
      throw new Failure(`test: cannot read vectors ${file}: ${(e as Error).message}`);
    }
    if (!Array.isArray(data.cases)) throw new Failure(`test: ${file} is not a vector file (no "cases")`);
    if (data.cases.some((c) => Array.isArray(c.steps))) loaded.push({ name: path.relative(REPO_ROOT, path.resolve(file)), file: data });
  }
  if (loaded.length === 0 || loaded.every((l) => l.file.cases.length === 0)) {
    throw new Failure(`test: no vector cases with steps in ${files.map((f) => path.relative(REPO_ROOT, f)).join(', ') || '(no files)'}`);
  }
  return loaded;
}

/**
 * The parser's deliberate differences from upstream vectors (vectors/differences.ts, as its own tests
 * use them): every exported Overrides table, merged.
 */
export async function parserOverrides(proto: string): Promise<Overrides> {
  const file = path.join(parsersDir(), proto, 'vectors/differences.ts');
  if (!existsSync(file)) return {};
  const exported = await import(pathToFileURL(file).href) as Record<string, unknown>;
  return Object.assign({}, ...Object.values(exported).filter((v) => typeof v === 'object' && v !== null)) as Overrides;
}
