// `tsproxylib test <proto> [vectors]`: the verdict table over vector files, and its exit code.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-vectors-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tsproxylib test <proto>', () => {
  it('runs the parser\'s own vectors and prints a row per call with its expectation', () => {
    const r = runCli(['test', 'r2d2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}direction +bytes +verdict +expected +ok$/m);
    assert.match(r.stdout, /^ {2}request +25 +PASS 12, DROP 13, MORE 1 +PASS 12, DROP 13, MORE 1 +ok$/m);
    assert.match(r.stdout, /^ {2}reply +4 +PASS 4, INJECT 7; inject "ERROR\\r\\n" +PASS 4, INJECT 7; inject "ERROR\\r\\n" +ok$/m);
    assert.match(r.stdout, /anchor\.json: 5 cases, 0 failed/);
    assert.match(r.stdout, /5 cases, \d+ rows: all as expected/);
  });

  it('applies a parser\'s deliberate differences (vectors/differences.ts) as its own tests do', () => {
    const r = runCli(['test', 'cassandra', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { summary: { failed: number; failedCases: string[] }; files: Array<{ cases: unknown[] }> };
    assert.deepEqual(out.summary.failedCases, []);
    assert.ok(out.files.reduce((n, f) => n + f.cases.length, 0) >= 20);
  });

  it('fails with exit code 1 when an expectation does not hold, naming the case and marking the row', () => {
    const file = JSON.parse(readFileSync('src/parsers/r2d2/vectors/anchor.json', 'utf8'));
    const step = file.cases[3].steps[0];
    step.expect_ops = [['PASS', 12], ['PASS', 13], ['MORE', 1]];
    const edited = path.join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(file));
    const r = runCli(['test', 'r2d2', 'vectors', edited]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {2}request +25 +PASS 12, DROP 13, MORE 1 +PASS 12, PASS 13, MORE 1 +FAIL$/m);
    assert.match(r.stdout, new RegExp(`FAILED .*edited\\.json: ${file.cases[3].name}`));
    const json = JSON.parse(runCli(['test', 'r2d2', 'vectors', edited, '--json']).stdout);
    assert.equal(json.summary.failed, 1);
  });

  it('answers a wrong mode, a parser without vectors, or a file without cases with one line', () => {
    assert.equal(runCli(['test', 'r2d2', 'frobnicate']).code, 2);
    const none = runCli(['test', 'nosuchparser']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no vectors for "nosuchparser"/);
    const empty = path.join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ suite: 'x', level: 'parser', cases: [] }));
    const r = runCli(['test', 'r2d2', 'vectors', empty]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no vector cases with steps/);
  });
});
