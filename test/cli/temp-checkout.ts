/**
 * A throwaway copy of this checkout for tests that write into src/ (tsproxylib new): the sources are
 * copied, node_modules, build/ and deps/ are linked, so the copy type-checks, runs its tests and its
 * own CLI without touching the real tree.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../cli/paths.ts';

const COPIED = ['src', 'test', 'cli', 'bench', 'scripts', 'tsconfig.json', 'package.json'];
const LINKED = ['node_modules', 'build', 'deps'];

export interface TempCheckout {
  readonly root: string;
  remove(): void;
}

export function tempCheckout(): TempCheckout {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-checkout-'));
  for (const entry of COPIED) cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  for (const entry of LINKED) symlinkSync(path.join(REPO_ROOT, entry), path.join(root, entry));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
