/**
 * How a connection's OnNewConnection arguments are chosen, seen from the library's side (the access-log
 * entries test.blockparser writes carry them): per listener, derived from the connection's addresses
 * (CIDR → identity), or read from filter state that an earlier filter (Envoy's set_filter_state) set.
 * A connection whose arguments cannot be chosen is reset, and the library never hears of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeLogEntry } from '../../src/accesslog/entry.ts';
import { AccessLogListener } from '../abi/access-log-listener.ts';
import { bootstrap, type ListenerSpec } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';
import { waitFor } from './envoy/wait.ts';

/** Envoy's set_filter_state network filter: puts `value` (a format string) under `key` on each new connection. */
function setFilterState(entries: Record<string, string>): object {
  return {
    name: 'envoy.filters.network.set_filter_state',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.set_filter_state.v3.Config',
      on_new_connection: Object.entries(entries).map(([key, value]) => ({
        object_key: key, factory_key: 'envoy.string', format_string: { text_format_source: { inline_string: value } },
      })),
    },
  };
}

const BLOCK = '24:PASS original direct\n';

describe('choosing the connection arguments', () => {
  let envoy: Envoy;
  let upstream: Upstream;
  let log: AccessLogListener;
  let ports: Map<string, number>;

  before(async () => {
    upstream = await Upstream.start('127.0.0.1');
    log = await AccessLogListener.start();
    const common = { family: 'ipv4' as const, upstream: { host: upstream.host, port: upstream.port } };
    const params = { 'access-log-path': log.path };
    const specs: ListenerSpec[] = [
      {
        ...common, name: 'derived',
        before: [setFilterState({ 'tsproxylib.l7proto': 'test.blockparser', 'tsproxylib.pod': 'pod-%DOWNSTREAM_LOCAL_PORT%' })],
        filter: {
          library: LIBCILIUM, params,
          connection: {
            l7_proto: { from: 'filter_state', key: 'tsproxylib.l7proto' },
            ingress: false,
            policy_name: { from: 'filter_state', key: 'tsproxylib.pod' },
            source_identity: { from: 'remote_ip', cidr: { '127.0.0.0/8': 1001, '127.0.0.1/32': 1002 }, default: 2 },
            destination_identity: { from: 'local_ip', cidr: { '10.0.0.0/8': 3 }, default: 4 },
          },
        },
      },
      {
        ...common, name: 'missing',
        filter: { library: LIBCILIUM, params, connection: { l7_proto: 'test.blockparser', policy_name: { from: 'filter_state', key: 'absent' } } },
      },
    ];
    envoy = await Envoy.start({ config: bootstrap(specs) });
    ports = await envoy.listenerPorts();
  });
  after(async () => {
    await envoy?.dispose();
    await upstream?.close();
    await log?.stop();
  });

  test('from addresses and filter state', async () => {
    const client = await connect('127.0.0.1', ports.get('derived')!);
    const toUpstream = await upstream.next('derived');
    await client.write(Buffer.from(BLOCK));
    await toUpstream.waitForLength(BLOCK.length, 'the block upstream');
    const [entry] = (await log.take(1)).map(decodeLogEntry);
    assert.ok(entry);
    const port = ports.get('derived')!;
    assert.deepEqual(
      { ingress: entry.isIngress, policy: entry.policyName, src: entry.sourceSecurityId, dst: entry.destinationSecurityId,
        srcAddr: entry.sourceAddress, dstAddr: entry.destinationAddress, type: entry.entryType },
      { ingress: false, policy: `pod-${port}`, src: 1002, dst: 4,
        srcAddr: `127.0.0.1:${client.socket.localPort}`, dstAddr: `127.0.0.1:${port}`, type: 'Request' });
    client.destroy();
  });

  test('a connection with no policy name is reset before anything flows', async () => {
    const client = await connect('127.0.0.1', ports.get('missing')!).catch(() => null);
    await client?.waitForClose('the refused client');
    await waitFor('the rejection', async () => (await envoy.stat('tsproxylib.missing.connections_rejected')) === 1);
    assert.equal(await envoy.stat('tsproxylib.missing.connections_opened'), 0);
    assert.equal(await envoy.stat('cluster.missing.upstream_cx_total'), 0);
    await waitFor('the reason in Envoy\'s log', () => /connection rejected: no policy_name for this connection/.test(envoy.log()));
  });
});
