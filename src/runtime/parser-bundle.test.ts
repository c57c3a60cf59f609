import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { withParserBundle } from './parser-bundle.ts';
import { builtins } from '../parsers/index.ts';

describe('withParserBundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parser-bundle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const printed: string[] = [];
  const bridge = { print: (_level: number, message: string) => void printed.push(message) };
  const bundle = (name: string, source: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, source);
    return file;
  };

  it('without a bundle keeps the builtins', () => {
    assert.equal(withParserBundle(builtins, '', bridge), builtins);
    assert.equal(withParserBundle(builtins, undefined, bridge), builtins);
  });

  it('adds the bundle\'s parsers, replacing built-in ones of the same name', () => {
    const file = bundle('good.cjs', `exports.parsers = [
      { name: 'extra', create: () => null },
      { name: 'test.passer', create: () => null, replaced: true },
    ];`);
    const modules = withParserBundle(builtins, file, bridge);
    assert.deepEqual(modules.map((m) => m.name), [...builtins.map((m) => m.name), 'extra']);
    assert.equal((modules.find((m) => m.name === 'test.passer') as { replaced?: boolean }).replaced, true);
  });

  it('refuses a bundle that does not load or does not export parser modules', () => {
    for (const [name, source, reason] of [
      ['throws.cjs', 'throw new Error("broken bundle")', /broken bundle/],
      ['none.cjs', 'exports.other = 1', /does not export a "parsers" array/],
      ['bad.cjs', 'exports.parsers = [{ name: 1 }]', /parsers\[0\] is not a parser module/],
    ] as Array<[string, string, RegExp]>) {
      assert.equal(withParserBundle(builtins, bundle(name, source), bridge), builtins);
      assert.match(printed.at(-1) ?? '', reason);
    }
    assert.equal(withParserBundle(builtins, path.join(dir, 'missing.cjs'), bridge), builtins);
    assert.match(printed.at(-1) ?? '', /refused/);
  });
});
