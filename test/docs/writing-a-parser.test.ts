// docs/writing-a-parser.md must not drift from the code. Every ```ts block names its source on the line
// above (<!-- from: path -->) and must be an excerpt of that file: its lines, in order, contiguous except
// where a `// …` line marks an omission. The sources are type-checked (docs/examples by this test,
// through tsconfig.docs.json; everything else by `tsc -p tsconfig.json`), so every snippet compiles.
// Other blocks that name a source (the policy YAML) are held to the same rule, and every relative
// link must lead to a file that exists.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUIDE = 'docs/writing-a-parser.md';
const TYPE_CHECKED = ['src/', 'test/', 'bench/', 'scripts/', 'docs/examples/'];
const OMISSION = '// …';

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  from: string | null;
  lines: string[];
}

/** The fenced blocks of a markdown text, each with the `<!-- from: … -->` marker right above it. */
export function fencedBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const marker = i > 0 ? /^<!-- from: (\S+) -->$/.exec(lines[i - 1]) : null;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    assert.ok(i < lines.length, `${GUIDE}:${start + 1}: unclosed code block`);
    blocks.push({ line: start + 1, lang: open[1], from: marker?.[1] ?? null, lines: body });
  }
  return blocks;
}

/**
 * Why `excerpt` is not an excerpt of `source`, or null when it is: its runs between omission lines
 * must each appear as consecutive lines of the source, in order.
 */
export function excerptProblem(excerpt: readonly string[], source: readonly string[]): string | null {
  const trimmed = (s: string) => s.trimEnd();
  const runs: string[][] = [[]];
  for (const l of excerpt) {
    if (l.trim() === OMISSION) runs.push([]);
    else runs[runs.length - 1].push(trimmed(l));
  }
  let from = 0;
  for (const run of runs) {
    if (run.length === 0) continue;
    let found = -1;
    for (let at = from; at + run.length <= source.length && found < 0; at++) {
      if (run.every((l, k) => trimmed(source[at + k]) === l)) found = at;
    }
    if (found < 0) return `these lines are not in the source (in this order, after line ${from}):\n${run.join('\n')}`;
    from = found + run.length;
  }
  return null;
}

describe(GUIDE, () => {
  const text = readFileSync(path.join(ROOT, GUIDE), 'utf8');
  const blocks = fencedBlocks(text);

  it('has TypeScript snippets, and each names the file it comes from', () => {
    const ts = blocks.filter((b) => b.lang === 'ts');
    assert.ok(ts.length >= 10, `only ${ts.length} ts blocks: did the fence syntax change?`);
    for (const b of ts) assert.ok(b.from !== null, `${GUIDE}:${b.line}: a ts block needs <!-- from: path --> above it`);
  });

  it('quotes every snippet exactly from its file', () => {
    for (const b of blocks.filter((x) => x.from !== null)) {
      const file = path.join(ROOT, b.from!);
      assert.ok(existsSync(file), `${GUIDE}:${b.line}: ${b.from} does not exist`);
      if (b.lang === 'ts') {
        assert.ok(TYPE_CHECKED.some((dir) => b.from!.startsWith(dir)), `${GUIDE}:${b.line}: ${b.from} is not type-checked by tsconfig.json`);
      }
      const problem = excerptProblem(b.lines, readFileSync(file, 'utf8').split('\n'));
      assert.equal(problem, null, `${GUIDE}:${b.line}: not an excerpt of ${b.from}: ${problem}`);
    }
  });

  it('quotes files that type-check', () => {
    const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
    try {
      execFileSync(tsc, ['-p', path.join(ROOT, 'tsconfig.docs.json')], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      assert.fail(`tsc -p tsconfig.docs.json:\n${(e as { stdout?: Buffer }).stdout?.toString() ?? String(e)}`);
    }
  });

  it('links only to files that exist', () => {
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      assert.ok(existsSync(path.resolve(ROOT, 'docs', target)), `${GUIDE} links to ${target}, which does not exist`);
    }
  });

  it('the excerpt check itself rejects drift', () => {
    const source = ['a', 'b', 'c', 'd'];
    assert.equal(excerptProblem(['b', 'c'], source), null);
    assert.equal(excerptProblem(['a', OMISSION, 'd'], source), null);
    assert.notEqual(excerptProblem(['a', 'c'], source), null);
    assert.notEqual(excerptProblem(['c', OMISSION, 'b'], source), null);
    assert.notEqual(excerptProblem(['b', 'x'], source), null);
  });
});
