// The committed API reference (docs/api/) must be what the generator makes from the sources today:
// a changed doc comment or signature in the parser-author API without `npm run docs:api` fails here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COMMITTED = path.join(ROOT, 'docs/api');

/** Every file under `dir`, as sorted paths relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('docs/api', () => {
  const fresh = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-api-'));
  after(() => rmSync(fresh, { recursive: true, force: true }));

  it('is what `npm run docs:api` generates from the sources now', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/api-docs.mjs'), fresh], { cwd: ROOT, stdio: 'pipe' });
    const stale = 'docs/api is stale: run `npm run docs:api` and commit the result';
    assert.deepEqual(files(COMMITTED), files(fresh), `${stale} (pages added or removed)`);
    for (const file of files(fresh)) {
      assert.equal(readFileSync(path.join(COMMITTED, file), 'utf8'), readFileSync(path.join(fresh, file), 'utf8'), `${stale} (${file})`);
    }
  });
});
