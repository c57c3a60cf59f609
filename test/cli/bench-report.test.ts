// The bench report: figures measured by bench/crossing.ts (a few hundred iterations) and figures recorded
// from bench/envoy.ts become report.md and SVG charts; each SVG parses, and its bars are the data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CrossingResults, EnvoyResults } from '../../bench/results.ts';
import { REPO_ROOT } from '../../cli/paths.ts';
import { writeReport } from '../../cli/bench/write-report.ts';
import { runCli } from './run-cli.ts';

/** A run of bench/envoy.ts as it recorded it in bench/RESULTS.md (2026-11-22). */
const ENVOY: EnvoyResults = {
  kind: 'envoy', date: '2026-11-22T06:00:00.000Z', machine: '2 × AMD EPYC, 24 GiB', seconds: 4, reps: 5, connections: 16,
  concurrency: 1, parserErrors: 0,
  configs: [
    { name: 'direct', rps: 82276, cpuUsPerRequest: null, p50Us: 16.2, p99Us: 43.4, bulkGbit: 22.94 },
    { name: 'tcp_proxy', rps: 33550, cpuUsPerRequest: 16.79, p50Us: 39.9, p99Us: 85.7, bulkGbit: 10.85 },
    { name: 'filter + test.passer', rps: 31243, cpuUsPerRequest: 18.61, p50Us: 39.9, p99Us: 97.9, bulkGbit: 10.84 },
    { name: 'filter + C++ passer', rps: 33341, cpuUsPerRequest: 17.73, p50Us: 40.3, p99Us: 107.2, bulkGbit: 11.03 },
  ],
};

interface Bar { fields: Map<string, string>; value: number }

/** Every bar of a Vega SVG: its aria-label "field: value; …", with the numeric field parsed. */
function bars(svg: string, numericField: string): Bar[] {
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(svg) as Record<string, unknown>;
  const found: Bar[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n['@aria-roledescription'] === 'bar' && typeof n['@aria-label'] === 'string') {
      const fields = new Map((n['@aria-label'] as string).split('; ').map((kv) => kv.split(': ') as [string, string]));
      found.push({ fields, value: Number(fields.get(numericField)!.replaceAll(',', '')) });
    }
    Object.values(n).forEach(walk);
  };
  walk(tree.svg);
  return found;
}

/** A chart of the report, checked to be well-formed XML, as its bars. */
function chart(dir: string, file: string, numericField: string): Bar[] {
  const svg = readFileSync(path.join(dir, file), 'utf8');
  assert.equal(XMLValidator.validate(svg), true, file);
  return bars(svg, numericField);
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.06, Math.abs(b) * 0.001);

describe('bench report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-bench-report-'));
  let crossing: CrossingResults;
  let files: string[];
  before(async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench/crossing.ts'), '--iters', '300', '--json'],
                        { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    crossing = JSON.parse(r.stdout.trim().split('\n').pop()!) as CrossingResults;
    files = await writeReport(dir, { crossing, envoy: ENVOY });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the markdown, one SVG per chart and the results', () => {
    assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['crossing.svg', 'latency.svg', 'report.md', 'results.json', 'throughput.svg']);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')), { crossing, envoy: ENVOY });
  });

  it('draws every crossing cell, ours and the floor, as a bar of its measured value', () => {
    const drawn = chart(dir, 'crossing.svg', 'ns per OnData (log)');
    assert.equal(drawn.length, crossing.rows.length * 2);
    for (const row of crossing.rows) {
      for (const [library, ns] of [['tsproxylib', row.oursNs], ['C++ floor', row.floorNs]] as const) {
        assert.ok(drawn.some((b) => b.fields.get('library') === library && close(b.value, ns)), `${row.proto} ${row.sizeBytes} ${library} ${ns}`);
      }
    }
  });

  it('draws p50 and p99 for every Envoy configuration', () => {
    const drawn = chart(dir, 'latency.svg', 'µs');
    assert.equal(drawn.length, 8);
    for (const c of ENVOY.configs) {
      assert.ok(drawn.some((b) => b.fields.get('config') === c.name && b.fields.get('percentile') === 'p50' && close(b.value, c.p50Us)), c.name);
      assert.ok(drawn.some((b) => b.fields.get('config') === c.name && b.fields.get('percentile') === 'p99' && close(b.value, c.p99Us)), c.name);
    }
  });

  it('draws requests/s and bulk Gbit/s for every configuration', () => {
    const drawn = chart(dir, 'throughput.svg', 'value');
    assert.equal(drawn.length, 8);
    for (const c of ENVOY.configs) {
      assert.ok(drawn.some((b) => b.fields.get('config') === c.name && close(b.value, c.rps)), `${c.name} rps`);
      assert.ok(drawn.some((b) => b.fields.get('config') === c.name && close(b.value, c.bulkGbit)), `${c.name} Gbit/s`);
    }
  });

  it('links the charts from the markdown and tabulates the figures', () => {
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    for (const [, image] of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(existsSync(path.join(dir, image!)), image);
    assert.equal([...md.matchAll(/!\[/g)].length, 3);
    assert.match(md, /^\| filter \+ test\.passer \| 31243 \| 18\.61 \| 39\.9 \| 97\.9 \| 10\.84 \|$/m);
    assert.match(md, new RegExp(`^\\| test\\.nop \\| 16 B \\| ${crossing.rows[0]!.oursNs.toFixed(0)} \\|`, 'm'));
  });

  it('draws the same report again from results.json through the CLI, without running anything', () => {
    const again = path.join(dir, 'again');
    const r = runCli(['bench', '--from', path.join(dir, 'results.json'), '--out', again, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).files.length, 5);
    assert.equal(readFileSync(path.join(again, 'report.md'), 'utf8'), readFileSync(path.join(dir, 'report.md'), 'utf8'));
    const bad = runCli(['bench', '--only', 'everything']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--only is one of crossing, envoy/);
  });
});
