import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs } from '../args.ts';
import type { BenchResults } from '../bench/bench-results.ts';
import { BENCH_NAMES, runBenchmarks, type BenchName } from '../bench/run-benchmarks.ts';
import { writeReport } from '../bench/write-report.ts';
import type { Command } from '../command.ts';
import { Failure, UsageError } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';

const help = `usage: tsproxylib bench [--out DIR] [--quick] [--only crossing|envoy] [--from FILE] [--json]

Runs the benchmark suite — bench/crossing.ts (ns per OnData through the harness, ours beside the C++
floor library) and bench/envoy.ts (throughput and latency through the stock Envoy: direct, tcp_proxy,
our filter, the C++ floor) — one after the other, then writes a report: report.md with the tables,
SVG plots of the crossing cost, throughput and latency percentiles (Vega-Lite), and results.json.
A full run takes several minutes and wants a quiet machine.

  --out DIR        where the report goes (default: bench/report)
  --quick          short runs (fewer iterations, 1 run of 1 s): a rough look, not figures to quote
  --only NAME      run one benchmark: crossing or envoy
  --from FILE      draw the report from a results.json written before, without running anything
  --json           print the files written as JSON
`;

export const command: Command = {
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs('bench', argv, {
      out: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' },
    }, 0);
    if (values.only !== undefined && !BENCH_NAMES.includes(values.only as BenchName)) {
      throw new UsageError(`bench: --only is one of ${BENCH_NAMES.join(', ')}, not "${values.only}"`);
    }
    if (values.from !== undefined && (values.quick || values.only)) throw new UsageError('bench: --from draws a saved result; --quick and --only do not apply');
    const results = values.from !== undefined
      ? readResults(values.from)
      : await runBenchmarks(values.only ? [values.only as BenchName] : BENCH_NAMES, values.quick ?? false, io);
    const dir = path.resolve(values.out ?? path.join(REPO_ROOT, 'bench/report'));
    const files = await writeReport(dir, results);
    if (values.json) io.out(`${JSON.stringify({ report: dir, files })}\n`);
    else io.out(`wrote ${path.join(dir, 'report.md')}\n${files.map((f) => `  ${path.basename(f)}`).join('\n')}\n`);
    return 0;
  },
};

function readResults(file: string): BenchResults {
  let data: BenchResults;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  } catch (e) {
    throw new Failure(`bench: cannot read results ${file}: ${(e as Error).message}`);
  }
  if (data?.crossing?.kind !== 'crossing' && data?.envoy?.kind !== 'envoy') {
    throw new Failure(`bench: ${file} holds no benchmark results (write one with tsproxylib bench)`);
  }
  return data;
}
