// The `memcached` npm client (text protocol) against a real memcached through the relay (the real
// libcilium_testing.so running Cilium's Envoy algorithm): with an allow-all policy the results equal a
// direct connection's; with a restrictive one, denied operations get CLIENT_ERROR access denied and the
// rest keep working on the same connection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Memcached from 'memcached';
import { HarnessRelay } from '../support/harness-relay.ts';
import { MemcachedServer } from './memcache-server.ts';
import { ALLOW_ALL, memcachePolicy } from '../../src/parsers/memcache/test-policies.ts';

const connectTo = (port: number) => new Memcached(`127.0.0.1:${port}`, { retries: 0, timeout: 2000, poolSize: 1, failures: 1000 });

function call<T>(op: (done: (err: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => op((err, value) => (err ? reject(err) : resolve(value))));
}

/** A fixed series of operations; what each returned, or the error it failed with. */
async function exercise(client: Memcached, p: string): Promise<unknown[]> {
  const results: unknown[] = [];
  const step = async (what: string, op: () => Promise<unknown>) => {
    try {
      results.push([what, await op()]);
    } catch (e) {
      results.push([what, 'error', (e as Error).message]);
    }
  };
  await step('set', () => call((d) => client.set(`${p}a`, 'hello', 0, d)));
  await step('get', () => call((d) => client.get(`${p}a`, d)));
  await step('get miss', () => call((d) => client.get(`${p}missing`, d)));
  await step('set counter', () => call((d) => client.set(`${p}n`, '5', 0, d)));
  await step('incr', () => call((d) => client.incr(`${p}n`, 3, d)));
  await step('touch', () => call((d) => client.touch(`${p}a`, 100, (err) => d(err, 'touched'))));
  await step('delete', () => call((d) => client.del(`${p}a`, d)));
  await step('get deleted', () => call((d) => client.get(`${p}a`, d)));
  await step('set b', () => call((d) => client.set(`${p}b`, 'B', 0, d)));
  await step('set c', () => call((d) => client.set(`${p}c`, 'C', 0, d)));
  await step('multi-get', async () => {
    const found = await call<Record<string, unknown>>((d) => client.getMulti([`${p}b`, `${p}c`, `${p}x`], d));
    return Object.fromEntries(Object.entries(found).map(([k, v]) => [k.slice(p.length), v]));
  });
  return results;
}

describe('memcache end to end: memcached (text) through the library', () => {
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
      assert.deepEqual(expected.slice(0, 5), [['set', true], ['get', 'hello'], ['get miss', undefined], ['set counter', true], ['incr', 8]]);
      assert.deepEqual(expected.at(-1), ['multi-get', { b: 'B', c: 'C' }]);
    } finally {
      direct.end();
      proxied.end();
    }
    const log = await relay.takeAccessLog(1);
    assert.ok(log.some((e) => e.entryType === 'Request' && e.genericL7?.proto === 'textmemcached' && e.genericL7.fields.keys === 'proxied/a'));
    assert.equal(relay.failures.length, 0, relay.failures.join('; '));
  });

  it('with a restrictive policy, denied operations get CLIENT_ERROR access denied and the connection keeps working', async () => {
    await relay.setPolicy(memcachePolicy([{ command: 'get', keyPrefix: 'pub/' }, { command: 'set', keyPrefix: 'pub/' }]));
    const client = connectTo(relay.port);
    try {
      assert.deepEqual(await exercise(client, 'pub/'), [
        ['set', true], ['get', 'hello'], ['get miss', undefined], ['set counter', true],
        ['incr', 'error', 'access denied'], ['touch', 'error', 'access denied'], ['delete', 'error', 'access denied'],
        ['get deleted', 'hello'], ['set b', true], ['set c', true], ['multi-get', { b: 'B', c: 'C' }],
      ]);
      // A multi-get touching a key outside the rule is denied as a whole.
      await assert.rejects(call((d) => client.getMulti(['pub/b', 'secret'], d)), /access denied/);
      // Pipelined on the one connection: every answer reaches its own request.
      const mixed = await Promise.allSettled([
        call((d) => client.get('pub/b', d)), call((d) => client.get('secret', d)), call((d) => client.get('pub/c', d)),
        call((d) => client.set('secret', 'x', 0, d)), call((d) => client.get('pub/a', d)),
      ]);
      assert.deepEqual(mixed.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
                       ['B', 'access denied', 'C', 'access denied', 'hello']);
    } finally {
      client.end();
      await relay.setPolicy(ALLOW_ALL);
    }
    assert.equal(relay.failures.length, 0, relay.failures.join('; '));
  });
});
