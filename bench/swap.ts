/**
 * Hot-swap costs, measured in one run:
 *
 *   1. Per isolate, in libcilium.so driven by the C++ harness on two threads (two worker isolates):
 *      how long a worker takes to load a new bundle (its own report, `loadMs`), how long the control
 *      isolate takes to validate and publish it, and the first new connection after a swap against a
 *      steady-state one — for a small bundle (one protocol) and a large one (every built-in protocol).
 *      Target: ≤ 1 ms per isolate once the bundle is read.
 *   2. Through real Envoy (two workers) under load: requests failed while bundles are swapped back
 *      and forth. Target: 0.
 *
 *   node --import tsx bench/swap.ts [--swaps N] [--envoy-swaps N] [--json]
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminRequest } from '../src/control/admin-client.ts';
import { bootstrap } from '../test/e2e/envoy/config.ts';
import { Envoy } from '../test/e2e/envoy/envoy.ts';
import { echo } from '../test/e2e/envoy/line-client.ts';
import { LIBCILIUM } from '../test/e2e/envoy/paths.ts';
import { Upstream } from '../test/e2e/envoy/peers.ts';
import { Harness, hex, unhex } from '../test/harness/client.ts';
import { SwapDir } from '../test/hotswap/swap-dir.ts';
import { VersionLoad } from '../test/hotswap/version-load.ts';
import { buildVersion, versionedPolicy } from '../test/hotswap/versions.ts';
import { buildBundleFile } from '../test/support/parser-bundle.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const SWAPS = Number(opt('--swaps', '40'));
const ENVOY_SWAPS = Number(opt('--envoy-swaps', '40'));
const THREADS = [1, 2];

interface BundleVariant { name: string; source: string; bytes: number }
interface SwapFigures {
  bundle: string;
  bytes: number;
  workerLoadMs: { p50: number; p90: number; max: number };
  controlPublishMs: { p50: number; p90: number };
  firstConnectionUs: number;
  steadyConnectionUs: number;
}

const files = new SwapDir('bench-swap');
const { bundleFile, adminSocket, policyFile } = files;
const install = (source: string) => files.install(source);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function variants(): Promise<BundleVariant[]> {
  const small = await buildVersion('v1');
  const largeFile = await buildBundleFile({
    entry: path.join(HERE, 'swap-bundle-large.ts'),
    define: { BUNDLE_VERSION: '"v1"', BUNDLE_MIGRATES: 'false' },
  });
  return [
    { name: 'small (test.versioned)', source: small.source, bytes: statSync(small.file).size },
    { name: 'large (all built-ins + test.versioned)', source: readFileSync(largeFile, 'utf8'), bytes: statSync(largeFile).size },
  ];
}

/** Part 1: swaps in libcilium.so under the harness, one variant at a time. */
async function measureIsolates(variant: BundleVariant): Promise<SwapFigures> {
  install(variant.source);
  files.writePolicy(versionedPolicy(['VERSION']));
  const h = Harness.start();
  let nextConn = 1;
  try {
    await h.must({ cmd: 'load', lib: LIBCILIUM });
    const module = String((await h.must({ cmd: 'openModule', params: [
      ['parser-bundle', bundleFile], ['admin-socket', adminSocket], ['policy-file', policyFile]] })).id);
    /** Microseconds for one new connection + VERSION + close on `thread`. */
    const connection = async (thread: number): Promise<number> => {
      const conn = String(nextConn++);
      const started = process.hrtime.bigint();
      await h.must({ cmd: 'newConnection', thread, module, proto: 'test.versioned', conn, srcId: 1, dstId: 2,
        srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '1.1.1.1' });
      const answer = await h.must({ cmd: 'onData', thread, conn, reply: false, end: false, slices: [hex('VERSION\n')] });
      const elapsed = Number(process.hrtime.bigint() - started) / 1000;
      await h.must({ cmd: 'close', thread, conn });
      if (!unhex(answer.reply as string).startsWith('v1 ')) throw new Error(`unexpected answer ${unhex(answer.reply as string)}`);
      return elapsed;
    };
    for (let i = 0; i < 50; i++) for (const t of THREADS) await connection(t);
    const loads: number[] = [];
    const publishes: number[] = [];
    const firsts: number[] = [];
    const steadies: number[] = [];
    for (let i = 0; i < SWAPS; i++) {
      install(`${variant.source}\n// swap ${i}\n`);
      const started = process.hrtime.bigint();
      const answer = await adminRequest(adminSocket, { cmd: 'reload', waitMs: 0 });
      publishes.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (answer.ok !== true) throw new Error(`reload refused: ${String(answer.error)}`);
      for (const t of THREADS) {
        firsts.push(await connection(t));
        steadies.push(await connection(t));
      }
      const status = await adminRequest(adminSocket, { cmd: 'status' });
      for (const isolate of status.isolates as Array<{ role: string; loadMs: number; bundleSeq: number }>) {
        if (isolate.role === 'worker' && isolate.bundleSeq === answer.seq) loads.push(isolate.loadMs);
      }
    }
    await h.must({ cmd: 'closeModule', id: module });
    return {
      bundle: variant.name,
      bytes: variant.bytes,
      workerLoadMs: { p50: quantile(loads, 0.5), p90: quantile(loads, 0.9), max: Math.max(...loads) },
      controlPublishMs: { p50: quantile(publishes, 0.5), p90: quantile(publishes, 0.9) },
      firstConnectionUs: quantile(firsts, 0.5),
      steadyConnectionUs: quantile(steadies, 0.5),
    };
  } finally {
    await h.close();
  }
}

/** Part 2: swaps back and forth through Envoy while clients keep asking. */
async function measureEnvoy(): Promise<{ swaps: number; requests: number; failed: number; failures: string[] }> {
  const [a, b] = await Promise.all([buildVersion('va', true), buildVersion('vb', true)]);
  install(a.source);
  files.writePolicy(versionedPolicy(['VERSION', 'LINE'], '127.0.0.1', 0));
  const upstream = await Upstream.start('127.0.0.1', echo);
  const envoy = await Envoy.start({
    concurrency: 2,
    config: bootstrap([{
      name: 'swap', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port }, exactBalance: true,
      filter: { library: LIBCILIUM, params: { 'parser-bundle': bundleFile, 'admin-socket': adminSocket, 'policy-file': policyFile },
        connection: { l7_proto: 'test.versioned' } },
    }]),
  });
  try {
    const port = (await envoy.listenerPorts()).get('swap')!;
    const load = new VersionLoad(port);
    for (let i = 0; i < ENVOY_SWAPS; i++) {
      install(i % 2 === 0 ? b.source : a.source);
      const answer = await adminRequest(adminSocket, { cmd: 'reload', waitMs: 200 });
      if (answer.ok !== true) throw new Error(`reload refused: ${String(answer.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await load.stop();
    return { swaps: ENVOY_SWAPS, requests: load.requests, failed: load.failures.length, failures: load.failures.slice(0, 5) };
  } finally {
    await envoy.dispose();
    await upstream.close();
  }
}

async function main(): Promise<void> {
  const isolates: SwapFigures[] = [];
  for (const variant of await variants()) {
    process.stderr.write(`swapping the ${variant.name} bundle in the harness\n`);
    isolates.push(await measureIsolates(variant));
  }
  process.stderr.write('swapping under load through Envoy\n');
  const envoy = await measureEnvoy();
  files.remove();
  if (args.includes('--json')) {
    console.log(JSON.stringify({ isolates, envoy }, null, 2));
    return;
  }
  console.log(`### Hot swap (${new Date().toISOString().slice(0, 10)}, ${SWAPS} swaps per bundle, 2 worker isolates)\n`);
  console.log('| bundle | bytes | worker load ms p50 / p90 / max | control validate+publish ms p50 / p90 | first connection after swap µs | steady connection µs |');
  console.log('|---|---|---|---|---|---|');
  for (const r of isolates) {
    const f = (n: number) => n.toFixed(2);
    console.log(`| ${r.bundle} | ${r.bytes} | ${f(r.workerLoadMs.p50)} / ${f(r.workerLoadMs.p90)} / ${f(r.workerLoadMs.max)} | ${f(r.controlPublishMs.p50)} / ${f(r.controlPublishMs.p90)} | ${r.firstConnectionUs.toFixed(0)} | ${r.steadyConnectionUs.toFixed(0)} |`);
  }
  console.log(`\nThrough Envoy (2 workers, 6 clients): ${envoy.swaps} swaps under load, ${envoy.requests} requests, ${envoy.failed} failed${envoy.failed > 0 ? `: ${envoy.failures.join('; ')}` : ''} (target 0)`);
}

await main();
