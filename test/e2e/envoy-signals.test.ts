/**
 * Signals are process-wide, and our library starts a Node runtime inside Envoy: Envoy must still
 * answer SIGTERM and SIGINT with its own clean shutdown once our runtime has served connections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';

describe('Envoy keeps its signal handling with our runtime loaded', () => {
  let upstream: Upstream;
  before(async () => {
    upstream = await Upstream.start('127.0.0.1', (peer) => peer.socket.on('data', (d) => peer.socket.write(d)));
  });
  after(() => upstream.close());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} ends Envoy cleanly`, async () => {
      const config = bootstrap([{
        name: 'signals', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port },
        filter: { library: LIBCILIUM, connection: { l7_proto: 'test.passer' } },
      }]);
      const envoy = await Envoy.start({ config, concurrency: 2 });
      try {
        const port = (await envoy.listenerPorts()).get('signals')!;
        const client = await connect('127.0.0.1', port);
        await client.write(Buffer.from('hello'));
        await client.waitForLength(5, 'the echo');
        client.destroy();
        envoy.signal(signal);
        assert.deepEqual(await envoy.exited, { code: 0, signal: null });
      } finally {
        await envoy.dispose();
      }
    });
  }
});
