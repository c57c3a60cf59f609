// memjs (binary protocol) against a real memcached through the relay (the real libcilium_testing.so
// running Cilium's Envoy algorithm): with an allow-all policy the results equal a direct connection's;
// with a restrictive one, denied operations fail with the binary denial and the rest keep working on
// the same connection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import memjs from 'memjs';
import { HarnessRelay } from '../support/harness-relay.ts';
import { MemcachedServer } from './memcache-server.ts';
import { ALLOW_ALL, memcachePolicy } from '../../src/parsers/memcache/test-policies.ts';

const quiet = { log: () => {} };
const connectTo = (port: number) => memjs.Client.create(`127.0.0.1:${port}`, { retries: 1, timeout: 2, logger: quiet });
const str = (v: Buffer | null) => (v === null ? null : v.toString());

/** A fixed series of operations; what each returned, or the error it failed with. */
async function exercise(client: memjs.Client, p: string): Promise<unknown[]> {
  const results: unknown[] = [];
  const step = async (what: string, op: () => Promise<unknown>) => {
    try {
      results.push([what, await op()]);
    } catch (e) {
      results.push([what, 'error', (e as Error).message]);
    }
  };
  await step('set', () => client.set(`${p}a`, 'hello', {}));
  await step('get', async () => str((await client.get(`${p}a`)).value));
  await step('get miss', async () => str((await client.get(`${p}missing`)).value));
  await step('set counter', () => client.set(`${p}n`, '5', {}));
  await step('incr', async () => (await client.increment(`${p}n`, 3, {})).value);
  await step('touch', () => client.touch(`${p}a`, 100));
  await step('delete', () => client.delete(`${p}a`));
  await step('get deleted', async () => str((await client.get(`${p}a`)).value));
  await step('set b', () => client.set(`${p}b`, 'B', {}));
  await step('set c', () => client.set(`${p}c`, 'C', {}));
  // Multi-get: memjs pipelines the gets on its one connection.
  await step('multi-get', async () => (await Promise.all([`${p}b`, `${p}c`, `${p}x`].map((k) => client.get(k)))).map((r) => str(r.value)));
  return results;
}

describe('memcache end to end: memjs (binary) through the library', () => {
  let server: MemcachedServer;
  let relay: HarnessRelay;
  before(async () => {
    server = await MemcachedServer.start();
    relay = await HarnessRelay.start({ proto: 'memcache', upstream: { host: '127.0.0.1', port: server.port }, policy: ALLOW_ALL, accessLog: true });
  });
  after(async () => {
    await relay.stop();
    await server.stop();
  });

  it('with an allow-all policy, gives exactly what a direct connection gives', async () => {
    const direct = connectTo(server.port);
    const proxied = connectTo(relay.port);
    try {
      const expected = await exercise(direct, 'direct/');
      assert.deepEqual(await exercise(proxied, 'proxied/'), expected);
      assert.deepEqual(expected.slice(0, 5), [['set', true], ['get', 'hello'], ['get miss', null], ['set counter', true], ['incr', 8]]);
      assert.deepEqual(expected.at(-1), ['multi-get', ['B', 'C', null]]);
    } finally {
      direct.close();
      proxied.close();
    }
    const log = await relay.takeAccessLog(1);
    assert.ok(log.some((e) => e.entryType === 'Request' && e.genericL7?.proto === 'binarymemcached' && e.genericL7.fields.key === 'proxied/a'));
    assert.equal(relay.failures.length, 0, relay.failures.join('; '));
  });

  it('with a restrictive policy, denied operations fail with the denial and the connection keeps working', async () => {
    await relay.setPolicy(memcachePolicy([{ command: 'get', keyPrefix: 'pub/' }, { command: 'set', keyPrefix: 'pub/' }]));
    const client = connectTo(relay.port);
    try {
      const results = await exercise(client, 'pub/');
      assert.deepEqual(results, [
        ['set', true], ['get', 'hello'], ['get miss', null], ['set counter', true],
        ['incr', 'error', 'MemJS INCREMENT: Authentication error'],
        ['touch', 'error', 'MemJS TOUCH: Authentication error'],
        ['delete', 'error', 'MemJS DELETE: Authentication error'],
        ['get deleted', 'hello'],
        ['set b', true], ['set c', true], ['multi-get', ['B', 'C', null]],
      ]);
      // Denied and allowed requests pipelined on one connection: each answer reaches its own request.
      const mixed = await Promise.allSettled([client.get('pub/b'), client.get('secret'), client.get('pub/c'), client.set('secret', 'x', {})]);
      assert.deepEqual(mixed.map((r) => (r.status === 'fulfilled' ? (typeof r.value === 'boolean' ? r.value : str(r.value.value)) : (r.reason as Error).message)),
                       ['B', 'MemJS GET: Authentication error', 'C', 'MemJS SET: Authentication error']);
    } finally {
      client.close();
      await relay.setPolicy(ALLOW_ALL);
    }
    assert.equal(relay.failures.length, 0, relay.failures.join('; '));
  });
});
