// `tsproxylib build`: a parser bundle the runtime's loader accepts and whose parsers work; type errors
// listed by file:line with exit code 1.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadParserBundle } from '../../src/runtime/bundle-loader.ts';
import { checkOnData, createHarness } from '../../src/testing/harness.ts';
import { r2d2Policy } from '../../src/parsers/r2d2/test-policies.ts';
import { runCli } from './run-cli.ts';
import { tempCheckout } from './temp-checkout.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-build-test-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** The bundle's modules, loaded as the runtime loads a bundle. */
function load(file: string) {
  return { modules: loadParserBundle(file, readFileSync(file, 'utf8')).parsers };
}

describe('tsproxylib build', () => {
  it('bundles every parser folder into a bundle the runtime loads, and its parsers work', () => {
    const file = path.join(out, 'all.cjs');
    const r = runCli(['build', '--out', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { modules } = load(file);
    const names = modules.map((m) => m.name);
    for (const name of ['r2d2', 'memcache', 'cassandra', 'kafka', 'test.passer']) assert.ok(names.includes(name), name);
    assert.deepEqual(JSON.parse(r.stdout).parsers, names);
    // The bundled r2d2, not the source one, decides here.
    const conn = createHarness({ modules }).connect('r2d2', { policy: r2d2Policy([{ cmd: 'READ' }]) });
    checkOnData(conn, { data: ['HALT\r\nREAD /a\r\n'], ops: [['DROP', 6], ['PASS', 9], ['MORE', 1]], replyInject: 'ERROR\r\n' });
  });

  it('bundles only the folders named', () => {
    const file = path.join(out, 'r2d2.cjs');
    assert.equal(runCli(['build', 'r2d2', '--out', file]).code, 0);
    assert.deepEqual(load(file).modules.map((m) => m.name), ['r2d2']);
  });

  it('bundles an entry of the author\'s', () => {
    const entry = path.join(out, 'entry.ts');
    writeFileSync(entry, `import { memcache } from '${path.resolve('src/parsers/memcache/index.ts')}';\nexport const parsers = [memcache];\n`);
    const file = path.join(out, 'entry.cjs');
    const r = runCli(['build', '--entry', entry, '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(load(file).modules.map((m) => m.name), ['memcache']);
  });

  it('refuses an unknown folder with a usage error', () => {
    const r = runCli(['build', 'nosuch', '--out', path.join(out, 'x.cjs')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no parser folder src\/parsers\/nosuch/);
  });

  it('refuses a bundle the runtime would refuse, leaving the file in place untouched', () => {
    const entry = path.join(out, 'failing-check.ts');
    writeFileSync(entry, `import { memcache } from '${path.resolve('src/parsers/memcache/index.ts')}';\n` +
      'export const parsers = [memcache];\nexport function selfCheck(): void { throw new Error("vector 7 fails"); }\n');
    const file = path.join(out, 'in-force.cjs');
    writeFileSync(file, 'exports.parsers = [];');
    const r = runCli(['build', '--entry', entry, '--out', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the runtime would refuse .*: its selfCheck failed: vector 7 fails/);
    assert.equal(readFileSync(file, 'utf8'), 'exports.parsers = [];');
  });

  it('fails on a type error with its file:line and one summary line, writing no bundle', () => {
    const checkout = tempCheckout();
    try {
      writeFileSync(path.join(checkout.root, 'src/parsers/r2d2/broken.ts'), 'export const n: number = 1;\nexport const s: string = n;\n');
      const file = path.join(out, 'broken.cjs');
      const r = runCli(['build', '--out', file], checkout.root);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^src\/parsers\/r2d2\/broken\.ts:2:14: TS2322: /m);
      assert.match(r.stderr.trim().split('\n').pop()!, /^tsproxylib: build: 1 type error in 1 file; nothing bundled$/);
      assert.equal(existsSync(file), false);
    } finally {
      checkout.remove();
    }
  });
});
