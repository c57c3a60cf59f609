/**
 * Cilium's 18 TCP integration tests (and the other scenarios of test/scenarios/) through the stock
 * Envoy binary and our dynamic module, over loopback TCP, IPv4 and IPv6, with our libcilium.so and
 * with the C++ libcilium-ABI library (test/floor), which shows the filter does not depend on our
 * library (E2E_LIB runs them against any other one instead). One Envoy per library and address family
 * serves one listener per scenario; the scenario that ends Envoy gets its own.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AccessLogListener } from '../abi/access-log-listener.ts';
import { bootstrap, loopback, type Family, type ListenerSpec } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { FLOOR_LIB, LIBCILIUM, REPO_ROOT } from './envoy/paths.ts';
import { Upstream } from './envoy/peers.ts';
import { playScenario } from './envoy/scenario-player.ts';
import { endsEnvoy, PROFILES } from './envoy/scenario-profiles.ts';
import { loadScenarios, type Scenario } from './envoy/scenario.ts';

const LIBS = process.env.E2E_LIB ? [path.resolve(REPO_ROOT, process.env.E2E_LIB)] : [LIBCILIUM, FLOOR_LIB];
const SCENARIOS = loadScenarios();

const ANCHOR_TESTS = [
  'CiliumTcpProxyUpstreamWritesFirst', 'CiliumTcpProxyUpstreamDisconnect', 'CiliumTcpProxyDownstreamDisconnect',
  'CiliumTcpProxyLargeWrite', 'CiliumTcpProxyDownstreamFlush', 'CiliumTcpProxyUpstreamFlush',
  'CiliumTcpProxyUpstreamFlushEnvoyExit', 'CiliumGoLineParserUpstreamWritesFirst', 'CiliumGoLineParserPartialLines',
  'CiliumGoLineParserInject', 'CiliumGoLineParserInjectPartial', 'CiliumGoLineParserInjectPartialMultiple',
  'CiliumGoBlockParserUpstreamWritesFirst', 'CiliumGoBlockParserPartialBlocks', 'CiliumGoBlockParserInject',
  'CiliumGoBlockParserInjectPartial', 'CiliumGoBlockParserInjectPartialMultiple',
  'CiliumGoBlockParserInjectBufferOverflow',
];

function listenerFor(s: Scenario, family: Family, lib: string, upstream: Upstream, accessLog: string): ListenerSpec {
  const c = s.connection;
  const params = Object.fromEntries((c.moduleParams ?? []).map(([k, v]) => [k, v.replace('{accesslog}', accessLog)]));
  return {
    name: s.id,
    family,
    upstream: { host: upstream.host, port: upstream.port },
    bufferLimit: PROFILES[s.name]?.bufferLimit,
    filter: {
      library: lib,
      params,
      connection: {
        l7_proto: c.proto,
        ingress: c.ingress ?? true,
        source_identity: c.srcId ?? 1,
        destination_identity: c.dstId ?? 173,
        policy_name: c.policyName ?? '127.0.0.1',
      },
    },
  };
}

/** One Envoy with a listener (and an upstream server) per scenario. */
function stageFor(family: Family, lib: string, scenarios: Scenario[]) {
  const host = loopback(family);
  const ctx = { envoy: undefined as unknown as Envoy, upstreams: new Map<string, Upstream>(), ports: new Map<string, number>() };
  let log: AccessLogListener;
  before(async () => {
    log = await AccessLogListener.start();
    const specs: ListenerSpec[] = [];
    for (const s of scenarios) {
      const upstream = await Upstream.start(host);
      ctx.upstreams.set(s.id, upstream);
      specs.push(listenerFor(s, family, lib, upstream, log.path));
    }
    ctx.envoy = await Envoy.start({ config: bootstrap(specs) });
    ctx.ports = await ctx.envoy.listenerPorts();
  });
  after(async () => {
    await ctx.envoy?.dispose();
    for (const u of ctx.upstreams.values()) await u.close();
    await log?.stop();
  });
  return (s: Scenario) => ({
    envoy: ctx.envoy, host, port: ctx.ports.get(s.id)!, upstream: ctx.upstreams.get(s.id)!, id: s.id,
  });
}

test('every anchor integration test has a scenario', () => {
  const names = SCENARIOS.map((s) => s.name);
  for (const name of ANCHOR_TESTS) assert.ok(names.includes(name), `no scenario named ${name}`);
});

for (const lib of LIBS) {
  for (const family of ['ipv4', 'ipv6'] as const) {
    describe(`scenarios through Envoy, ${family}, ${path.basename(lib)}`, () => {
      const shared = SCENARIOS.filter((s) => !endsEnvoy(s.name));
      const stage = stageFor(family, lib, shared);
      for (const s of shared) {
        test(s.name, () => playScenario(s, stage(s), PROFILES[s.name]));
      }
      test('Envoy stops cleanly afterwards', async () => {
        const envoy = stage(shared[0]!).envoy;
        assert.deepEqual(await envoy.stop(), { code: 0, signal: null });
      });
    });

    for (const s of SCENARIOS.filter((x) => endsEnvoy(x.name))) {
      describe(`${s.name} through Envoy, ${family}, ${path.basename(lib)}`, () => {
        const stage = stageFor(family, lib, [s]);
        test(s.name, () => playScenario(s, stage(s), PROFILES[s.name]));
      });
    }
  }
}
