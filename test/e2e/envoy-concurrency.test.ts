/**
 * Envoy with --concurrency 2: connections spread over both workers (Envoy's exact balancer), each
 * worker thread runs its own isolate (test.whoami tells which one served a connection), and traffic
 * on all connections at once goes through both isolates side by side.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildParserBundle } from './envoy/bundles/build.ts';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { echo, LineClient } from './envoy/line-client.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';
import { waitFor } from './envoy/wait.ts';

const CONNECTIONS = 8;
const LINES_EACH = 200;

describe('two workers, two isolates', () => {
  let envoy: Envoy;
  let upstream: Upstream;
  let clients: LineClient[] = [];
  before(async () => {
    upstream = await Upstream.start('127.0.0.1', echo);
    const bundle = await buildParserBundle('whoami');
    const config = bootstrap([{
      name: 'workers', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port }, exactBalance: true,
      filter: { library: LIBCILIUM, params: { 'parser-bundle': bundle }, connection: { l7_proto: 'test.whoami' } },
    }]);
    envoy = await Envoy.start({ config, concurrency: 2 });
    const port = (await envoy.listenerPorts()).get('workers')!;
    // All open at once, so the balancer has to use both workers.
    clients = await Promise.all(Array.from({ length: CONNECTIONS }, async () => new LineClient(await connect('127.0.0.1', port))));
    await waitFor('Envoy to accept every connection',
                  async () => (await envoy.stat('tsproxylib.workers.connections_opened')) === CONNECTIONS);
  });
  after(async () => {
    for (const c of clients) c.peer.destroy();
    await envoy?.dispose();
    await upstream?.close();
  });

  test('each worker took half of the connections', async () => {
    for (const worker of ['worker_0', 'worker_1']) {
      assert.equal(await envoy.stat(`listener.workers.${worker}.downstream_cx_total`), CONNECTIONS / 2, worker);
    }
  });

  test('two isolates served them, one per worker', async () => {
    const tokens = await Promise.all(clients.map((c) => c.ask('WHO')));
    for (const t of tokens) assert.match(t, /^ISOLATE \S+$/);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    assert.deepEqual([...counts.values()].sort(), [CONNECTIONS / 2, CONNECTIONS / 2]);
  });

  test('all connections carry traffic at the same time', async () => {
    await Promise.all(clients.map(async (c, i) => {
      for (let n = 0; n < LINES_EACH; n++) {
        const line = `conn ${i} line ${n}`;
        assert.equal(await c.ask(line), line);
      }
    }));
    assert.equal(await envoy.stat('tsproxylib.workers.parser_errors'), 0);
    assert.equal(await envoy.stat('tsproxylib.workers.connections_opened'), CONNECTIONS);
  });

  test('every connection is closed exactly once', async () => {
    for (const c of clients) c.peer.end();
    await waitFor('every Close', async () => (await envoy.stat('tsproxylib.workers.connections_closed')) >= CONNECTIONS);
    assert.equal(await envoy.stat('tsproxylib.workers.connections_closed'), CONNECTIONS);
    assert.deepEqual(await envoy.stop(), { code: 0, signal: null });
  });
});
