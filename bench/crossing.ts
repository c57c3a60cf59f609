/**
 * ns per OnData through the harness (a C++ process that dlopen()s the library exactly as Envoy
 * does), for our libcilium and the C++ floor library (the same parsers compiled into a
 * libcilium-ABI library), in one run. Prints a table and ratios; `--write` also records them in
 * bench/RESULTS.md; `--json` prints the measured figures as JSON instead (bench/results.ts).
 *
 *   node --import tsx bench/crossing.ts [--iters N] [--write] [--json]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrossingResults } from './results.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HARNESS = path.join(ROOT, 'build/bin/tsproxylib-harness');
const LIBS = {
  tsproxylib: path.join(ROOT, 'build/lib/libcilium_testing.so'),
  floor: path.join(ROOT, 'build/lib/libcilium_floor.so'),
};
const args = process.argv.slice(2);
const iters = Number(args[args.indexOf('--iters') + 1]) || 200_000;

interface Case { proto: string; size: number; note: string }
const KiB = 1024, MiB = 1024 * KiB;
const cases: Case[] = [
  ...[16, KiB, 64 * KiB, MiB].map((size) => ({ proto: 'test.nop', size, note: 'empty parser: the crossing alone' })),
  ...[16, KiB, 64 * KiB, MiB].map((size) => ({ proto: 'test.passer', size, note: 'PASS all input' })),
  ...[16, KiB, 64 * KiB, MiB].map((size) => ({ proto: 'test.lineparser', size, note: 'scan for \\n, PASS the line' })),
  ...[KiB, MiB].map((size) => ({ proto: 'test.framepasser', size, note: 'PASS decided from a 4-byte header' })),
];

function run(lib: string, c: Case): number {
  // Fewer iterations for large frames that the parser must scan, so each cell takes about a second.
  const n = c.proto === 'test.lineparser' && c.size >= 64 * KiB ? Math.max(200, Math.floor(iters / (c.size / KiB))) : iters;
  // Our test build enables its test-only parsers (test.nop, test.framepasser) per isolate on request;
  // the floor library has them built in.
  const control = lib === LIBS.tsproxylib ? ['--control', JSON.stringify({ cmd: 'registerParser', name: c.proto })] : [];
  const out = execFileSync(HARNESS, ['bench', '--lib', lib, '--proto', c.proto, '--size', String(c.size), '--iters', String(n), ...control],
                           { encoding: 'utf8', env: { ...process.env, TSPROXYLIB_BUNDLE: '' } });
  const line = out.trim().split('\n').pop()!;
  return (JSON.parse(line) as { nsPerCall: number }).nsPerCall;
}

function size(n: number): string {
  return n >= MiB ? `${n / MiB} MiB` : n >= KiB ? `${n / KiB} KiB` : `${n} B`;
}

const rows: string[] = [];
const results = new Map<string, { ours: number; floor: number }>();
const measured: CrossingResults['rows'] = [];
for (const c of cases) {
  const floor = run(LIBS.floor, c);
  const ours = run(LIBS.tsproxylib, c);
  results.set(`${c.proto}/${c.size}`, { ours, floor });
  measured.push({ proto: c.proto, sizeBytes: c.size, note: c.note, oursNs: ours, floorNs: floor });
  rows.push(`| ${c.proto} | ${size(c.size)} | ${ours.toFixed(0)} | ${floor.toFixed(0)} | ${(ours - floor).toFixed(0)} | ${(ours / floor).toFixed(2)} | ${c.note} |`);
}
const header = ['| parser | frame | tsproxylib ns/call | C++ floor ns/call | overhead ns | ratio | what it measures |',
                '|---|---|---|---|---|---|---|'];
const fp = (s: number) => results.get(`test.framepasser/${s}`)!.ours;
const nop = results.get('test.nop/16')!;
const summary = [
  `- crossing overhead, small frame (test.nop, 16 B): ${(nop.ours - nop.floor).toFixed(0)} ns (target ≤ 300 ns)`,
  `- header-decided 1 MiB vs 1 KiB frame (test.framepasser): ${fp(MiB).toFixed(0)} vs ${fp(KiB).toFixed(0)} ns, ratio ${(fp(MiB) / fp(KiB)).toFixed(2)} (target ≈ 1)`,
];
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version} (tests) / embedded Node 18`;
const report = [`### OnData crossing (${new Date().toISOString().slice(0, 10)}, ${iters} iterations per cell)`, '',
                `Machine: ${machine}`, '', ...header, ...rows, '', ...summary, ''].join('\n');
if (args.includes('--json')) {
  const json: CrossingResults = { kind: 'crossing', date: new Date().toISOString(), machine, iterations: iters, rows: measured };
  console.log(JSON.stringify(json));
} else {
  console.log(report);
}

if (args.includes('--write')) {
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const marker = '<!-- crossing -->';
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { text = `# Benchmark results\n\n${marker}\n${marker}\n`; }
  const [before, , after] = text.split(marker);
  writeFileSync(file, `${before}${marker}\n${report}\n${marker}${after ?? '\n'}`);
}
