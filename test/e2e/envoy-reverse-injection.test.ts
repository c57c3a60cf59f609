/**
 * Bytes a parser queues for the other direction go out at once, both ways, through Envoy's
 * inject_write_data / inject_read_data, without waiting for traffic in that direction. (cilium-envoy
 * can do this only towards the client, with its empty-write trick; towards the upstream its bytes
 * wait for the client's next read.) test.lineparser reflects an "INJECT" line to its sender.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';

describe('reverse injection without waiting for traffic', () => {
  let envoy: Envoy;
  let upstream: Upstream;
  let port: number;
  before(async () => {
    upstream = await Upstream.start('127.0.0.1');
    envoy = await Envoy.start({ config: bootstrap([{
      name: 'inject', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port },
      filter: { library: LIBCILIUM, connection: { l7_proto: 'test.lineparser' } },
    }]) });
    port = (await envoy.listenerPorts()).get('inject')!;
  });
  after(async () => {
    await envoy?.dispose();
    await upstream?.close();
  });

  test('towards the client, while parsing the client', async () => {
    const client = await connect('127.0.0.1', port);
    const server = await upstream.next('client side');
    await client.write(Buffer.from('INJECT to the client\n'));
    await client.waitForLength(21, 'the reflected line');
    assert.equal(client.bytes().toString(), 'INJECT to the client\n');
    assert.equal(server.length, 0);
    client.destroy();
  });

  test('towards the upstream, while parsing the upstream', async () => {
    const client = await connect('127.0.0.1', port);
    const server = await upstream.next('upstream side');
    await server.write(Buffer.from('INJECT to the upstream\n'));
    await server.waitForLength(23, 'the reflected line');
    assert.equal(server.bytes().toString(), 'INJECT to the upstream\n');
    // The client's stream is untouched, and both directions go on as before.
    await client.write(Buffer.from('PASS after\n'));
    await server.waitForLength(23 + 11, 'the client line after it');
    assert.equal(server.bytes().toString(), 'INJECT to the upstream\nPASS after\n');
    assert.equal(client.length, 0);
    client.destroy();
  });
});
