/**
 * Hot swap through real Envoy (two workers, two isolates) under load: a new parser bundle goes live
 * by a change of the bundle file and by the admin socket's reload (what `tsproxylib reload` sends),
 * without restarting Envoy and without failing a request; open connections finish on their version
 * or migrate, new ones get the new version, and a broken bundle is refused while traffic goes on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminRequest } from '../../src/control/admin-client.ts';
import { SwapDir } from '../hotswap/swap-dir.ts';
import { buildVersion, versionedPolicy, type BuiltVersion } from '../hotswap/versions.ts';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { echo, LineClient } from './envoy/line-client.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';
import { waitFor } from './envoy/wait.ts';
import { VersionLoad } from '../hotswap/version-load.ts';

describe('hot swap through Envoy', () => {
  const files = new SwapDir('envoy-hot-swap');
  const { bundleFile, adminSocket, policyFile } = files;
  const install = (source: string) => files.install(source);
  let v1: BuiltVersion, v2: BuiltVersion, v3: BuiltVersion;
  let envoy: Envoy;
  let upstream: Upstream;
  let port = 0;

  const versionOfNewConnection = async () => {
    const client = new LineClient(await connect('127.0.0.1', port));
    try {
      return await client.ask('VERSION');
    } finally {
      client.peer.destroy();
    }
  };

  before(async () => {
    [v1, v2, v3] = await Promise.all([buildVersion('v1'), buildVersion('v2'), buildVersion('v3', true)]);
    install(v1.source);
    files.writePolicy(versionedPolicy(['VERSION', 'LINE'], '127.0.0.1', 0));
    upstream = await Upstream.start('127.0.0.1', echo);
    const config = bootstrap([{
      name: 'swap', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port }, exactBalance: true,
      filter: {
        library: LIBCILIUM,
        params: { 'parser-bundle': bundleFile, 'admin-socket': adminSocket, 'policy-file': policyFile },
        connection: { l7_proto: 'test.versioned' },
      },
    }]);
    envoy = await Envoy.start({ config, concurrency: 2 });
    port = (await envoy.listenerPorts()).get('swap')!;
  });
  after(async () => {
    await envoy?.dispose();
    await upstream?.close();
    files.remove();
  });

  test('swaps by file change and by reload under load, failing no request', async () => {
    assert.equal(await versionOfNewConnection(), 'v1 1');
    // A long-lived connection started on v1, idle during the first swap.
    const pinned = new LineClient(await connect('127.0.0.1', port));
    assert.equal(await pinned.ask('VERSION'), 'v1 1');
    const load = new VersionLoad(port);

    install(v2.source);
    await waitFor('new connections to get v2', async () => (await versionOfNewConnection()) === 'v2 1');
    assert.equal(await pinned.ask('VERSION'), 'v1 2', 'an open connection finishes on its version');

    install(v3.source);
    const reloaded = await adminRequest(adminSocket, { cmd: 'reload', waitMs: 5000 });
    assert.equal(reloaded.ok, true, JSON.stringify(reloaded));
    const workers = (reloaded.isolates as Array<{ role: string; state: string }>).filter((i) => i.role === 'worker');
    assert.deepEqual(workers.map((w) => w.state), ['loaded', 'loaded'], 'both workers, busy with the load, loaded v3');
    assert.equal(await pinned.ask('VERSION'), 'v3 3', 'v3 migrates open connections, keeping their state');

    install('exports.parsers = [');
    const refused = await adminRequest(adminSocket, { cmd: 'reload' });
    assert.equal(refused.ok, false);
    assert.match(String(refused.error), /does not compile/);

    const before = load.requests;
    await waitFor('more traffic after the refused bundle', async () => load.requests > before + 50);
    await load.stop();
    pinned.peer.destroy();
    assert.deepEqual(load.failures, []);
    assert.ok(load.requests > 100, `requests served: ${load.requests}`);
    assert.equal(await versionOfNewConnection(), 'v3 1');
    assert.equal(await envoy.stat('tsproxylib.swap.parser_errors'), 0);
  });
});
