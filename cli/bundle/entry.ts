import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { parsersDir } from '../paths.ts';

/** Parser folders: those under src/parsers with an index.ts. */
export function parserFolders(root: string): string[] {
  return readdirSync(parsersDir(root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(parsersDir(root), d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Source of the default bundle entry, resolved from src/parsers: it imports each folder's index.ts and
 * exports as `parsers` every ParserModule those export (alone or in an array), one per name, so a
 * folder needs nothing beyond what its index already exports.
 */
export function entrySource(root: string, folders: readonly string[]): string {
  const known = new Set(parserFolders(root));
  for (const f of folders) {
    if (!known.has(f)) throw new UsageError(`build: no parser folder src/parsers/${f} (folders: ${[...known].join(', ')})`);
  }
  const imports = folders.map((f, i) => `import * as folder${i} from './${f}/index.ts';`);
  return `${imports.join('\n')}
import type { ParserModule } from '../framework/parser.ts';

const isModule = (x: unknown): x is ParserModule =>
  typeof x === 'object' && x !== null && typeof (x as ParserModule).name === 'string' && typeof (x as ParserModule).create === 'function';
const found = [${folders.map((_, i) => `folder${i}`).join(', ')}].flatMap((m) => Object.values(m).flatMap((x) => (Array.isArray(x) ? x : [x])).filter(isModule));
export const parsers: ParserModule[] = [...new Map(found.map((m) => [m.name, m])).values()];
`;
}
