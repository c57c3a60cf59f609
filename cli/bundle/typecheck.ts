import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../paths.ts';

export interface TypeError {
  /** Relative to the checkout. */
  file: string;
  line: number;
  column: number;
  message: string;
}

/** tsc's plain-format diagnostic: `file(line,col): error TS1234: message`. */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

/** Type-checks the checkout with its tsconfig.json; returns the errors (none: clean). */
export function typecheck(root = REPO_ROOT): TypeError[] {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  const r = spawnSync(tsc, ['-p', path.join(root, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${tsc}: ${r.error.message}`);
  const errors: TypeError[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = DIAGNOSTIC.exec(line);
    if (m) errors.push({ file: path.relative(root, path.resolve(root, m[1]!)), line: Number(m[2]), column: Number(m[3]), message: m[4]! });
  }
  // A failing tsc whose output we could not read is still a failure, with its own words.
  if (r.status !== 0 && errors.length === 0) {
    errors.push({ file: 'tsconfig.json', line: 1, column: 1, message: (r.stdout + r.stderr).trim().split('\n')[0] ?? `tsc exited with ${r.status}` });
  }
  return errors;
}
