import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CrossingResults, EnvoyResults } from '../../bench/results.ts';
import type { Io } from '../command.ts';
import { Failure } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { Progress } from '../progress.ts';
import type { BenchResults } from './bench-results.ts';

/** Arguments of each benchmark for a full run and for a quick look (figures then are rough). */
const SUITE = {
  crossing: { script: 'bench/crossing.ts', full: [], quick: ['--iters', '20000'] },
  envoy: { script: 'bench/envoy.ts', full: [], quick: ['--seconds', '1', '--reps', '1'] },
} as const;

export type BenchName = keyof typeof SUITE;
export const BENCH_NAMES = Object.keys(SUITE) as BenchName[];

/** Runs one benchmark with --json; its progress lines (stderr) are passed on, its JSON (stdout) parsed. */
async function runOne(name: BenchName, quick: boolean, io: Io): Promise<unknown> {
  const { script, full, quick: fast } = SUITE[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), '--json', ...(quick ? fast : full)],
                      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    io.err(stderr.split('\n').slice(-10).map((l) => `  ${l}\n`).join(''));
    throw new Failure(`bench: ${script} exited with ${code}; its last output is above`);
  }
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Failure(`bench: ${script} printed no JSON result`);
  }
}

/** Runs the chosen benchmarks one after the other (they would disturb each other's figures), showing which runs. */
export async function runBenchmarks(names: readonly BenchName[], quick: boolean, io: Io): Promise<BenchResults> {
  const progress = new Progress(io);
  const results: BenchResults = {};
  for (const name of names) {
    progress.step(`${SUITE[name].script}${quick ? ' (quick)' : ''}`);
    try {
      const r = await runOne(name, quick, io);
      if (name === 'crossing') results.crossing = r as CrossingResults;
      else results.envoy = r as EnvoyResults;
    } catch (e) {
      progress.finish(true);
      throw e;
    }
  }
  progress.finish();
  return results;
}
