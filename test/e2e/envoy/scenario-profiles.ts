/**
 * What the scenarios need from real Envoy that the scenario files do not say, following the Cilium
 * tests they restate (tests/cilium_tcp_integration_test.cc, which takes these from Envoy's own
 * TcpProxy integration tests): buffer limits, which peer stops reading during a 50 MiB transfer and
 * what Envoy must show before it reads again, how a destroy happens, and the counters checked after.
 */
import assert from 'node:assert/strict';
import type { Profile, Stage } from './scenario-player.ts';

const FLUSH_SIZE = 50 * 1024 * 1024;

const stat = (stage: Stage, name: string) => stage.envoy.stat(name);

// LargeWrite: flow control paused and resumed reading as often on each side.
async function flowControlBalanced(stage: Stage): Promise<void> {
  const up = `cluster.${stage.id}.upstream_flow_control_`;
  const down = `tcp.${stage.id}.downstream_flow_control_`;
  assert.equal(await stat(stage, `${up}paused_reading_total`), await stat(stage, `${up}resumed_reading_total`),
               'upstream reads paused and resumed equally often');
  assert.equal(await stat(stage, `${down}paused_reading_total`), await stat(stage, `${down}resumed_reading_total`),
               'downstream reads paused and resumed equally often');
}

const upstreamFlushing = {
  what: 'tcp_proxy flushing upstream after the client closed (upstream_flush_active = 1)',
  until: async (stage: Stage) => (await stat(stage, `tcp.${stage.id}.upstream_flush_active`)) === 1,
};

export const PROFILES: Record<string, Profile> = {
  CiliumTcpProxyLargeWrite: { bufferLimit: 1024, after: flowControlBalanced },
  CiliumTcpProxyDownstreamFlush: {
    bufferLimit: FLUSH_SIZE / 4,
    holdReceiver: {
      what: 'Envoy to stop reading the upstream while the client does not read',
      until: async (stage) => (await stat(stage, `cluster.${stage.id}.upstream_flow_control_paused_reading_total`)) >= 1,
    },
  },
  // Buffers as large as the transfer, so that all of it can wait in Envoy once the client has gone.
  CiliumTcpProxyUpstreamFlush: {
    bufferLimit: FLUSH_SIZE,
    holdReceiver: upstreamFlushing,
    after: async (stage) => {
      assert.equal(await stat(stage, `tcp.${stage.id}.upstream_flush_total`), 1, 'one upstream flush');
      assert.equal(await stat(stage, `tcp.${stage.id}.upstream_flush_active`), 0, 'the flush is over');
    },
  },
  CiliumTcpProxyUpstreamFlushEnvoyExit: { bufferLimit: FLUSH_SIZE, holdReceiver: upstreamFlushing, destroy: 'envoy-exit' },
  BlockParserDestroyMidBlock: { destroy: 'client-reset' },
};

/** The scenarios that end Envoy itself get an Envoy of their own. */
export function endsEnvoy(name: string): boolean {
  return PROFILES[name]?.destroy === 'envoy-exit';
}
