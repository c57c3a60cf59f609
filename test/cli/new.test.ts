// `tsproxylib new` in a throwaway checkout: the scaffold type-checks, is registered, and passes its own
// generated tests at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { childEnv, runCli } from './run-cli.ts';
import { tempCheckout, type TempCheckout } from './temp-checkout.ts';

describe('tsproxylib new', () => {
  let checkout: TempCheckout;
  before(() => { checkout = tempCheckout(); });
  after(() => checkout.remove());

  it('scaffolds a parser folder, registers it, and lists what it wrote', () => {
    const r = runCli(['new', 'my-proto', '--json'], checkout.root);
    assert.equal(r.code, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: string[] }).files;
    for (const f of ['parser.ts', 'rules.ts', 'index.ts', 'frame.ts', 'parser.test.ts', 'vectors/basic.json']) {
      assert.ok(files.includes(`src/parsers/my-proto/${f}`), f);
    }
    const index = readFileSync(path.join(checkout.root, 'src/parsers/index.ts'), 'utf8');
    assert.match(index, /import \{ myProto \} from '\.\/my-proto\/index\.ts';/);
    assert.match(index, /builtins[^=]*= \[[^\]]*\bmyProto, \.\.\.testParsers\]/);
  });

  it('type-checks with the rest of the tree', () => {
    const r = spawnSync(path.join(checkout.root, 'node_modules/.bin/tsc'), ['-p', path.join(checkout.root, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('passes its generated node:test files, vectors included', () => {
    const dir = path.join(checkout.root, 'src/parsers/my-proto');
    const tests = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(dir, f));
    assert.ok(tests.length >= 3);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...tests], { cwd: checkout.root, encoding: 'utf8', env: childEnv() });
    assert.equal(r.status, 0, r.stdout.slice(-3000));
    assert.match(r.stdout, /# fail 0/);
    assert.match(r.stdout, /ok \d+ - my-proto vectors\/basic\.json/);
  });

  it('passes `tsproxylib test` over its vectors', () => {
    const r = runCli(['test', 'my-proto'], checkout.root);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /vectors\/basic\.json: 3 cases, 0 failed/);
    assert.match(r.stdout, /DROP 7, MORE 1; inject "ERROR\\r\\n"/);
  });

  it('refuses an existing parser and a bad name with a usage error, writing nothing', () => {
    for (const [name, message] of [['r2d2', /exists already/], ['my-proto', /exists already/], ['Upper', /not a parser name/],
                                   ['9lives', /not a parser name/], ['a/b', /not a parser name/]] as const) {
      const r = runCli(['new', name], checkout.root);
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    assert.equal(existsSync(path.join(checkout.root, 'src/parsers/Upper')), false);
  });
});
