/**
 * The main job: the stock Envoy binary with our network filter (envoy-filter/dynamic_module) and our
 * libcilium.so, a local policy file, a real upstream, clients driving traffic through it, and a live
 * view of what happens: connections, requests allowed and denied per kind of request, access-log
 * lines. Ctrl-C (or --duration) stops the clients, Envoy and the upstream, in that order.
 *
 *   scripts/run-envoy.sh [--preset memcache|r2d2|headerparser] [options]   (--help lists them)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrap } from '../../test/e2e/envoy/config.ts';
import { Envoy } from '../../test/e2e/envoy/envoy.ts';
import { envoyPath } from '../../test/e2e/envoy/paths.ts';
import { AccessLogTail, describeEntry } from './access-log-tail.ts';
import { parseOptions, USAGE, UsageRequested, type Options } from './options.ts';
import { PRESETS, type Preset } from './presets.ts';
import { Traffic } from './traffic.ts';
import type { RunningUpstream } from './upstreams.ts';

const LISTENER = 'demo';
const TICK_MS = 1000;

async function main(options: Options): Promise<number> {
  const preset = PRESETS[options.preset];
  if (!preset) throw new Error(`--preset: one of ${Object.keys(PRESETS).join(', ')}`);
  const parser = options.parser ?? preset.parser;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-demo-'));
  const upstream: RunningUpstream = options.upstream === 'builtin'
    ? await preset.startUpstream('127.0.0.1', options.upstreamPort)
    : { ...options.upstream, what: `${options.upstream.host}:${options.upstream.port}`, stop: async () => undefined };
  let envoy: Envoy | undefined;
  let traffic: Traffic | undefined;
  try {
    const policy = options.policy ?? path.join(dir, 'policy.json');
    if (!options.policy) writeFileSync(policy, JSON.stringify(preset.policy(upstream.host, upstream.port), null, 2));
    const accessLog = path.join(dir, 'access.log');
    const config = bootstrap([{
      name: LISTENER, family: 'ipv4', port: options.listenPort, upstream,
      filter: {
        library: options.lib,
        params: {
          'policy-file': policy,
          'access-log-file': accessLog,
          'admin-socket': options.adminSocket,
          ...(options.bundle ? { 'parser-bundle': options.bundle } : {}),
        },
        // As Cilium sees an ingress connection to the upstream: the server is the endpoint the policy
        // names, local clients carry identity 7 and anyone else the "world" identity 2.
        connection: {
          l7_proto: parser, ingress: true, policy_name: upstream.host,
          destination_address: `${upstream.host}:${upstream.port}`,
          source_identity: { from: 'remote_ip', cidr: { '127.0.0.0/8': 7, '::1': 7 }, default: 2 },
        },
      },
    }], options.adminPort);
    envoy = await Envoy.start({ config, concurrency: options.concurrency });
    const port = (await envoy.listenerPorts()).get(LISTENER)!;
    banner(options, preset, parser, envoy, port, upstream, policy, accessLog);
    traffic = new Traffic(preset, { host: '127.0.0.1', port }, {
      connected: (n, local) => say(`  client ${n} connected from ${local}`),
      closed: (n, why) => { if (why !== 'done') say(`  client ${n} connection ended: ${why}`); },
    }, { clients: options.clients, intervalMs: options.intervalMs, perConnection: 2 * preset.kinds.length });
    traffic.start();
    await watch(envoy, traffic, preset, new AccessLogTail(accessLog), options);
    await traffic.stop();
    traffic = undefined;
    return report(await envoy.stop());
  } finally {
    await traffic?.stop();
    await envoy?.dispose();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function banner(o: Options, preset: Preset, parser: string, envoy: Envoy, port: number, upstream: RunningUpstream,
                policy: string, accessLog: string): void {
  say(`tsproxylib: ${parser} in the stock Envoy (${envoyPath()}) through our dynamic module`);
  say(`  envoy       pid ${envoy.pid}, listening on 127.0.0.1:${port}, admin http://${envoy.admin}`);
  say(`  upstream    ${upstream.what}${upstream.pid ? ` (pid ${upstream.pid})` : ''}`);
  say(`  library     ${o.lib}`);
  say(`  parsers     ${o.bundle ? `bundle ${o.bundle} (rewrite it to swap live)` : 'built-in'}; \`tsproxylib reload\` via ${o.adminSocket}`);
  say(`  policy      ${policy}`);
  say(`  access log  ${accessLog}`);
  if (o.clients > 0) {
    say(`  clients     ${o.clients}, each sending one request every ${o.intervalMs} ms:`);
    for (const k of preset.kinds) say(`                ${k.label.padEnd(22)} ${k.expect}`);
  }
  say(o.durationS ? `running for ${o.durationS} s` : 'running; Ctrl-C stops');
}

/** Prints access-log lines as they come and one status line a second, until Ctrl-C or the duration. */
async function watch(envoy: Envoy, traffic: Traffic, preset: Preset, log: AccessLogTail, o: Options): Promise<void> {
  const started = Date.now();
  let stop = false;
  const onSignal = () => { stop = true; };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let tick = 0;
    while (!stop && (!o.durationS || Date.now() - started < o.durationS * 1000)) {
      await new Promise((r) => setTimeout(r, 100));
      for (const e of log.read()) say(`  access  ${describeEntry(e)}`);
      if (Date.now() - started >= (tick + 1) * TICK_MS) {
        tick++;
        await status(envoy, traffic, Math.round((Date.now() - started) / 1000));
        if (tick % 5 === 0) table(traffic, preset);
      }
    }
    for (const e of log.read()) say(`  access  ${describeEntry(e)}`);
    if (Date.now() - started - tick * TICK_MS > TICK_MS / 2) await status(envoy, traffic, Math.round((Date.now() - started) / 1000));
    table(traffic, preset);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

let reportedRejections = 0;

async function status(envoy: Envoy, traffic: Traffic, seconds: number): Promise<void> {
  const s = await envoy.stats(`^(tsproxylib\\.${LISTENER}\\.|listener\\.${LISTENER}\\.downstream_cx_active$)`).catch(() => new Map<string, number>());
  const c = (name: string) => s.get(`tsproxylib.${LISTENER}.${name}`) ?? 0;
  let allowed = 0, denied = 0;
  for (const t of traffic.byKind.values()) { allowed += t.allowed; denied += t.denied; }
  const rejected = c('connections_rejected');
  if (rejected > reportedRejections) {
    reportedRejections = rejected;
    const reasons = [...envoy.log().matchAll(/connection rejected: (.*)$/gm)];
    if (reasons.length > 0) say(`  envoy: connection rejected: ${reasons[reasons.length - 1]![1]}`);
  }
  say(`[${String(seconds).padStart(3)}s] connections open ${s.get(`listener.${LISTENER}.downstream_cx_active`) ?? 0} ` +
      `opened ${c('connections_opened')} closed ${c('connections_closed')} rejected ${c('connections_rejected')} ` +
      `parser-errors ${c('parser_errors')} | requests allowed ${allowed} denied ${denied}`);
}

/** Requests allowed and denied per kind, beside what the policy's rules say about that kind. */
function table(traffic: Traffic, preset: Preset): void {
  say('        allowed   denied  request                 policy');
  for (const k of preset.kinds) {
    const t = traffic.byKind.get(k.label)!;
    say(`        ${String(t.allowed).padStart(7)}  ${String(t.denied).padStart(7)}  ${k.label.padEnd(22)}  ${k.expect}`);
  }
}

function report(exit: { code: number | null; signal: string | null }): number {
  const clean = exit.code === 0 && exit.signal === null;
  say(clean ? 'stopped cleanly: Envoy exited with code 0' : `Envoy exited badly: ${JSON.stringify(exit)}`);
  return clean ? 0 : 1;
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (e) {
  process.stderr.write(e instanceof UsageRequested ? USAGE : `${(e as Error).message}\n\n${USAGE}`);
  process.exit(e instanceof UsageRequested ? 0 : 2);
}
main(options).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exitCode = 1;
});
