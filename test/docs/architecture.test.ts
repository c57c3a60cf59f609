// The picture of one OnData call in docs/architecture.md names files and C++ functions; each must exist,
// so the picture cannot silently outlive a rename.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const text = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
const picture = /```\n( Envoy worker thread[\s\S]*?)```/.exec(text)?.[1] ?? '';

const cppSources = ['native', 'bindings', 'envoy-filter']
  .flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ROOT, dir, f)))
  .filter((f) => f.endsWith('.cc'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('docs/architecture.md picture', () => {
  it('is there', () => assert.match(picture, /src\/parsers/));

  it('names files and folders that exist', () => {
    const paths = [...picture.matchAll(/\b((?:envoy-filter|native|bindings|src)\/[\w./-]*)/g)].map((m) => m[1].replace(/\/$/, ''));
    assert.ok(paths.length >= 6);
    for (const p of paths) assert.ok(existsSync(path.join(ROOT, p)), `${p} does not exist`);
  });

  it('names C++ functions that are defined', () => {
    const names = [...picture.matchAll(/\b(\w+::\w+)/g)].map((m) => m[1]);
    assert.ok(names.length >= 5);
    for (const name of names) assert.ok(cppSources.includes(`${name}(`), `${name} is not defined in native/, bindings/ or envoy-filter/`);
  });

  it('names the TypeScript steps that exist', () => {
    assert.match(readFileSync(path.join(ROOT, 'src/runtime/runtime.ts'), 'utf8'), /\n {2}onData\(\): FilterResult/);
    assert.match(readFileSync(path.join(ROOT, 'src/framework/on-data.ts'), 'utf8'), /export function runOnData\(/);
  });
});
