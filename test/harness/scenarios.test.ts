/**
 * Every scenario in test/scenarios/ through the Envoy algorithm against the library under test
 * (HARNESS_LIB, default the C++ floor), and proof that the scenario runner does report failures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { HARNESS_BIN, REPO_ROOT, libraryUnderTest } from './client.ts';

const SCENARIO_DIR = path.join(REPO_ROOT, 'test/scenarios');
const LIB = libraryUnderTest();

// The 18 TCP integration tests of cilium/proxy that load libcilium.so; each must have a scenario.
const ANCHOR_TESTS = [
  'CiliumTcpProxyUpstreamWritesFirst',
  'CiliumTcpProxyUpstreamDisconnect',
  'CiliumTcpProxyDownstreamDisconnect',
  'CiliumTcpProxyLargeWrite',
  'CiliumTcpProxyDownstreamFlush',
  'CiliumTcpProxyUpstreamFlush',
  'CiliumTcpProxyUpstreamFlushEnvoyExit',
  'CiliumGoLineParserUpstreamWritesFirst',
  'CiliumGoLineParserPartialLines',
  'CiliumGoLineParserInject',
  'CiliumGoLineParserInjectPartial',
  'CiliumGoLineParserInjectPartialMultiple',
  'CiliumGoBlockParserUpstreamWritesFirst',
  'CiliumGoBlockParserPartialBlocks',
  'CiliumGoBlockParserInject',
  'CiliumGoBlockParserInjectPartial',
  'CiliumGoBlockParserInjectPartialMultiple',
  'CiliumGoBlockParserInjectBufferOverflow',
];

interface RunResult {
  status: number | null;
  lines: string[];
  stderr: string;
}

function runScenarios(files: string[]): RunResult {
  const r = spawnSync(HARNESS_BIN, ['scenario', '--lib', LIB, ...files], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, lines: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

function scenarioFiles(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(SCENARIO_DIR, f));
}

describe(`scenarios against ${path.basename(LIB)}`, () => {
  const files = scenarioFiles();
  const names = files.map((f) => JSON.parse(readFileSync(f, 'utf8')).name as string);
  const run = runScenarios(files);

  test('the runner prints one line per file and exits 0', () => {
    assert.equal(run.lines.length, files.length, run.stderr);
    assert.equal(run.status, 0, run.lines.filter((l) => !l.startsWith('PASS ')).join('\n') + run.stderr);
  });

  test('every anchor integration test has a scenario', () => {
    for (const name of ANCHOR_TESTS) assert.ok(names.includes(name), `no scenario named ${name}`);
  });

  for (const name of names) {
    test(name, () => {
      const line = run.lines.find((l) => l === `PASS ${name}` || l.startsWith(`FAIL ${name}:`));
      assert.equal(line, `PASS ${name}`);
    });
  }
});

describe('the scenario runner fails what does not hold', () => {
  const base = JSON.parse(readFileSync(path.join(SCENARIO_DIR, 'lineparser-inject.json'), 'utf8'));

  function runVariant(edit: (s: any) => void): RunResult {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-scenario-test-'));
    try {
      const scenario = structuredClone(base);
      scenario.name = 'Variant';
      edit(scenario);
      const file = path.join(dir, 'variant.json');
      writeFileSync(file, JSON.stringify(scenario));
      return runScenarios([file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the unchanged base scenario passes', () => {
    const r = runVariant(() => {});
    assert.deepEqual(r.lines, ['PASS Variant']);
    assert.equal(r.status, 0);
  });

  test('wrong bytes downstream', () => {
    const r = runVariant((s) => {
      s.expect.downstream = { text: 'PASS reply direction\n' };
    });
    assert.equal(r.status, 1);
    assert.match(r.lines[0]!, /^FAIL Variant: downstream: expected 21 bytes, got 44; first difference at offset 0/);
  });

  test('wrong bytes for one event', () => {
    const r = runVariant((s) => {
      s.events[0].reverse = { text: '' };
    });
    assert.equal(r.status, 1);
    assert.match(r.lines[0]!, /^FAIL Variant: event 0 reverse: expected 0 bytes, got 23/);
  });

  test('a wrong Close count', () => {
    const r = runVariant((s) => {
      s.expect.closeCalls = 2;
    });
    assert.equal(r.status, 1);
    assert.equal(r.lines[0], 'FAIL Variant: Close was called 1 times, expected 2');
  });

  test('an unexpected error close', () => {
    const r = runVariant((s) => {
      s.events.push({ dir: 'orig', text: 'BOGUS\n' });
    });
    assert.equal(r.status, 1);
    assert.match(r.lines[0]!, /^FAIL Variant: connection closed by error: ERROR op with code 2/);
  });

  test('half-close expectations', () => {
    const r = runVariant((s) => {
      s.events.pop();
    });
    assert.equal(r.status, 1);
    assert.equal(r.lines[0], 'FAIL Variant: upstreamHalfClosed: expected true');
  });

  test('a malformed file', () => {
    const r = runVariant((s) => {
      s.events[0].dir = 'sideways';
    });
    assert.equal(r.status, 1);
    assert.equal(r.lines[0], 'FAIL Variant: event 0: dir must be "orig" or "reply"');
  });
});
