/**
 * Regex engines for policy rules, ns per match: re2js (what src/policy/regex.ts uses) against
 * Debian's RE2 through N-API (build/Release/tsproxylib_re2.node), measured both in plain Node and
 * inside the embedded Node 18 runtime of libcilium_testing.so (driven by the harness). The choice and
 * its reasons are in docs/regex.md. `--write` records the tables in bench/RESULTS.md.
 *
 *   node --import tsx bench/regex.ts [--ms N] [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Harness } from '../test/harness/client.ts';
import { benchRegexEngines, type RegexBenchRow } from '../src/testing/regex-bench.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = path.join(ROOT, 'build/Release/tsproxylib_re2.node');
const args = process.argv.slice(2);
const ms = Number(args[args.indexOf('--ms') + 1]) || 150;

async function embedded(): Promise<RegexBenchRow[]> {
  const harness = Harness.start({ env: { ...process.env, TSPROXYLIB_BUNDLE: '' } });
  try {
    await harness.must({ cmd: 'load', lib: path.join(ROOT, 'build/lib/libcilium_testing.so') });
    // The whole measurement is one call into the isolate: lift the watchdog's per-call budget.
    const module = (await harness.must({ cmd: 'openModule', params: [['call-budget-ms', '600000']] })).id as string;
    const answer = (await harness.must({ cmd: 'control', module, request: { cmd: 'benchRegex', native: NATIVE, ms } })).answer;
    if (answer.ok !== true) throw new Error(`benchRegex: ${JSON.stringify(answer)}`);
    return answer.rows as RegexBenchRow[];
  } finally {
    await harness.close();
  }
}

function table(title: string, rows: RegexBenchRow[]): string {
  const engines = [...new Set(rows.map((r) => r.engine))];
  const cases = [...new Set(rows.map((r) => r.case))];
  const cell = (c: string, e: string) => {
    const r = rows.find((x) => x.case === c && x.engine === e);
    return r === undefined ? '' : `${r.nsPerMatch.toFixed(0)}${r.matched ? '' : ' (no match)'}`;
  };
  return [`#### ${title}`, '', `| case | ${engines.join(' | ')} |`, `|---|${engines.map(() => '---|').join('')}`,
          ...cases.map((c) => `| ${c} | ${engines.map((e) => cell(c, e)).join(' | ')} |`), ''].join('\n');
}

const plain = benchRegexEngines(NATIVE, ms);
const inside = await embedded();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
const report = [`### Regex engines, ns per match (${new Date().toISOString().slice(0, 10)}, ~${ms} ms per cell)`, '',
                `Machine: ${machine}`, '',
                table('Embedded Node 18 (libcilium_testing.so, the production runtime)', inside),
                table(`Plain Node ${process.version}`, plain)].join('\n');
console.log(report);

if (args.includes('--write')) {
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const marker = '<!-- regex -->';
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { text = '# Benchmark results\n'; }
  if (!text.includes(marker)) text += `\n${marker}\n${marker}\n`;
  const [before, , after] = text.split(marker);
  writeFileSync(file, `${before}${marker}\n${report}\n${marker}${after ?? '\n'}`);
}
