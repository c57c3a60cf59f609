import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Failure, UsageError } from '../errors.ts';
import { parsersDir } from '../paths.ts';
import type { ParserNames } from './names.ts';
import { registerInIndex } from './register.ts';
import { scaffoldVectors } from './scaffold-vectors.ts';

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'template');

/** The files of a new parser folder, relative to it, with their contents. */
export function scaffoldFiles(names: ParserNames): Map<string, string> {
  const files = new Map<string, string>();
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (token, key: string) => {
    if (key === 'protoRegex') return names.proto.replace(/[.]/g, '\\.');
    if (key in names) return names[key as keyof ParserNames];
    throw new Error(`template token ${token} unknown`);
  });
  for (const template of readdirSync(TEMPLATES).filter((f) => f.endsWith('.tmpl')).sort()) {
    files.set(template.slice(0, -'.tmpl'.length), fill(readFileSync(path.join(TEMPLATES, template), 'utf8')));
  }
  files.set('vectors/basic.json', `${JSON.stringify(scaffoldVectors(names.proto), null, 1)}\n`);
  return files;
}

/** Names already taken: every parser folder, and every module name in the builtins list. */
async function takenNames(root: string): Promise<Set<string>> {
  const taken = new Set(readdirSync(parsersDir(root), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name));
  const index = path.join(parsersDir(root), 'index.ts');
  const { builtins } = await import(pathToFileURL(index).href) as { builtins: ReadonlyArray<{ name: string }> };
  for (const m of builtins) taken.add(m.name);
  return taken;
}

/** Writes src/parsers/<proto>/ under `root` and registers it; returns the paths written, relative to root. */
export async function scaffold(root: string, names: ParserNames): Promise<string[]> {
  const dir = path.join(parsersDir(root), names.proto);
  if (!existsSync(parsersDir(root))) throw new UsageError(`new: ${root} has no src/parsers/`);
  if ((await takenNames(root)).has(names.proto) || existsSync(dir)) {
    throw new UsageError(`new: a parser named "${names.proto}" exists already: choose another name`);
  }
  const indexPath = path.join(parsersDir(root), 'index.ts');
  const index = registerInIndex(readFileSync(indexPath, 'utf8'), names);
  const written: string[] = [];
  for (const [file, text] of scaffoldFiles(names)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text, { flag: 'wx' });
    written.push(path.relative(root, target));
  }
  try {
    writeFileSync(indexPath, index);
  } catch (e) {
    throw new Failure(`new: cannot register the parser in ${indexPath}: ${(e as Error).message}`);
  }
  written.push(path.relative(root, indexPath));
  return written;
}
