/**
 * What a worker isolate pays to bring its policy up to date after a publish, for policies of 10 to
 * 5000 endpoints (src/testing/policy-bench.ts: ~1 KiB per endpoint, Cassandra regexes and Kafka rules):
 * compiling from nothing, recompiling after one endpoint changed, recompiling when nothing changed.
 * Each cell is the old path (parse the whole array, decode and deep-compare every resource) against the
 * new one (split the published text, compile only resources whose text changed), in the same run. It
 * runs in plain Node and inside the embedded Node 18 runtime of libcilium_testing.so (HARNESS_BUILD
 * picks another build), where the text crosses native's policy store as in production; that needs a
 * current test bundle (node scripts/bundle.mjs, or TSPROXYLIB_BUNDLE naming one). `--write` records
 * the tables in bench/RESULTS.md.
 *
 *   node --import tsx bench/policy-update.ts [--reps N] [--sizes 10,100,1000,5000] [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from '../src/framework/registry.ts';
import { builtins } from '../src/parsers/index.ts';
import { MemoryBridge } from '../src/testing/memory-bridge.ts';
import { benchPolicyUpdate, type PolicyUpdateRow } from '../src/testing/policy-bench.ts';
import { BUILD_DIR, Harness } from '../test/harness/client.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const reps = Number(option('--reps')) || 5;
const sizes = (option('--sizes') ?? '10,100,1000,5000').split(',').map(Number);

function plainNode(): PolicyUpdateRow[] {
  const bridge = new MemoryBridge();
  return benchPolicyUpdate(bridge, new Registry(builtins), bridge.openModule(), sizes, reps);
}

async function embedded(): Promise<PolicyUpdateRow[] | string> {
  const harness = Harness.start();
  try {
    await harness.must({ cmd: 'load', lib: path.join(BUILD_DIR, 'lib/libcilium_testing.so') });
    // The whole measurement is one call into the isolate: lift the watchdog's per-call budget, and the
    // heap limit, since both paths' policies of 5000 endpoints are alive at once.
    const params = [['call-budget-ms', '3600000'], ['heap-limit-mb', '2048']];
    const module = (await harness.must({ cmd: 'openModule', params })).id as string;
    const request = { cmd: 'benchPolicyUpdate', module: Number(module), sizes, reps };
    const answer = (await harness.must({ cmd: 'control', module, request })).answer;
    if (answer.ok !== true) return `not measured: ${JSON.stringify(answer)} (is the test bundle current?)`;
    return answer.rows as PolicyUpdateRow[];
  } finally {
    await harness.close();
  }
}

function table(title: string, rows: PolicyUpdateRow[] | string): string {
  if (typeof rows === 'string') return `#### ${title}\n\n${rows}\n`;
  const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  const cell = ([before, after]: [number, number]) => `${ms(before)} → ${ms(after)}`;
  return [`#### ${title}`, '',
          '| endpoints | published text | full compile, ms (old → new) | one endpoint changed, ms (old → new) | nothing changed, ms (old → new) | of which bridge.policy(), ms |',
          '|---|---|---|---|---|---|',
          ...rows.map((r) => `| ${r.endpoints} | ${(r.bytes / 1024).toFixed(0)} KiB | ${cell(r.full)} | ${cell(r.oneChanged)} | ${cell(r.unchanged)} | ${ms(r.transfer)} |`),
          ''].join('\n');
}

const inside = await embedded();
const plain = plainNode();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
const report = [`### Policy update on a worker (${new Date().toISOString().slice(0, 10)}, median of ${reps} runs)`, '',
                `Machine: ${machine}`, '',
                'Old path: parse the whole published array, decode every resource, deep-compare it with what its first ' +
                'endpoint IP held. New path: split the published text one resource per line, reuse by exact text, parse ' +
                'and compile only what changed. Both use the same decoder and compiler. Each update is published through ' +
                '`bridge.setPolicy` and picked up as a worker does on its next call.', '',
                table('Embedded Node 18 (libcilium_testing.so, the production runtime)', inside),
                table(`Plain Node ${process.version}`, plain)].join('\n');
console.log(report);

if (args.includes('--write')) {
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const marker = '<!-- policy-update -->';
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { text = '# Benchmark results\n'; }
  if (!text.includes(marker)) text += `\n${marker}\n${marker}\n`;
  const [before, , after] = text.split(marker);
  writeFileSync(file, `${before}${marker}\n${report}\n${marker}${after ?? '\n'}`);
}
