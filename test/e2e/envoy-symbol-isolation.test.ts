/**
 * Our libcilium.so carries its own Node runtime, OpenSSL 3, ICU, libuv and libstdc++ into the Envoy
 * process, which has BoringSSL, V8, libc++ and tcmalloc linked in statically. Loading it is safe only
 * if nothing of ours binds to Envoy's copies (and nothing of Envoy's to ours). Envoy's executable
 * exports only its heap functions, Lua and the dynamic-module ABI, so a plain RTLD_LOCAL load keeps
 * the two apart; RTLD_DEEPBIND or dlmopen would instead give our libraries glibc's heap while glibc
 * itself uses Envoy's, which is unsafe. These tests check that boundary on the real binary: first from
 * the symbol tables, then from the bindings the loader really made inside a running Envoy.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { FILTER_MODULE, LIBCILIUM, envoyPath } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';
import { ALLOCATOR, dependencyClosure, dynamicSymbols, ENVOY_CALLBACK, parseBindings, type Binding } from './envoy/symbols.ts';

/** What our side brings: the module, libcilium.so and every library they load that Envoy itself does not. */
function ourFiles(): Set<string> {
  const envoyOwn = new Set(dependencyClosure(envoyPath()).map((f) => path.basename(f)));
  const files = [FILTER_MODULE, LIBCILIUM, ...dependencyClosure(LIBCILIUM), ...dependencyClosure(FILTER_MODULE)];
  return new Set(files.filter((f) => !envoyOwn.has(path.basename(f))));
}

function allowedFrom(file: string, symbol: string): boolean {
  return ALLOCATOR.test(symbol) || (file === FILTER_MODULE && ENVOY_CALLBACK.test(symbol));
}

describe('symbol isolation between Envoy and our libraries', () => {
  test('Envoy exports nothing our libraries need except its heap and, to the module, its ABI', () => {
    const exported = dynamicSymbols(envoyPath(), 'defined');
    const offending: string[] = [];
    for (const file of ourFiles()) {
      for (const symbol of dynamicSymbols(file, 'undefined')) {
        if (exported.has(symbol) && !allowedFrom(file, symbol)) offending.push(`${path.basename(file)}: ${symbol}`);
      }
    }
    assert.deepEqual(offending, []);
    // What Envoy does export besides the heap is its own business (Lua, module hooks), none of it ours.
    const unexpected = [...exported].filter((s) => !ALLOCATOR.test(s) && !ENVOY_CALLBACK.test(s) &&
      !/^lua|^luaL_|^luaopen_|^luaJIT_|_envoy_dynamic_module_on_/.test(s));
    assert.deepEqual(unexpected, [], 'Envoy exports only its heap, Lua and dynamic-module symbols');
  });

  test('the module needs only callbacks this Envoy has', () => {
    const exported = dynamicSymbols(envoyPath(), 'defined');
    const needed = [...dynamicSymbols(FILTER_MODULE, 'undefined')].filter((s) => ENVOY_CALLBACK.test(s));
    assert.ok(needed.length > 0);
    assert.deepEqual(needed.filter((s) => !exported.has(s)), []);
  });

  describe('inside a running Envoy (LD_DEBUG=bindings)', () => {
    let envoy: Envoy;
    let upstream: Upstream;
    let bindings: Binding[] = [];
    const debugDir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-ld-'));
    before(async () => {
      upstream = await Upstream.start('127.0.0.1', (peer) => peer.socket.on('data', (d) => peer.socket.write(d)));
      const config = bootstrap([{
        name: 'isolation', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port },
        filter: { library: LIBCILIUM, connection: { l7_proto: 'test.passer' } },
      }]);
      const output = path.join(debugDir, 'bindings');
      envoy = await Envoy.start({ config, env: { LD_DEBUG: 'bindings', LD_DEBUG_OUTPUT: output } });
      // Traffic through the filter, so the runtime has started and served a connection.
      const port = (await envoy.listenerPorts()).get('isolation')!;
      const client = await connect('127.0.0.1', port);
      await client.write(Buffer.from('ping'));
      await client.waitForLength(4, 'the echo through Envoy');
      client.destroy();
      assert.deepEqual(await envoy.stop(), { code: 0, signal: null });
      // The loader writes <output>.<pid>, one file per process.
      bindings = parseBindings(readFileSync(`${output}.${envoy.pid}`, 'utf8'));
    });
    after(async () => {
      await envoy?.dispose();
      await upstream?.close();
      rmSync(debugDir, { recursive: true, force: true });
    });

    test('our libraries were loaded into Envoy and bound', () => {
      const from = new Set(bindings.map((b) => b.from));
      for (const f of [FILTER_MODULE, LIBCILIUM]) assert.ok(from.has(f), `${f} was loaded`);
      assert.ok([...from].some((f) => f.endsWith('/libnode.so.108')), 'libnode was loaded');
    });

    test('nothing of ours binds to Envoy but its heap and, for the module, its callbacks', () => {
      const exe = envoyPath();
      const ours = ourFiles();
      const toEnvoy = bindings.filter((b) => ours.has(b.from) && b.to === exe);
      assert.deepEqual(toEnvoy.filter((b) => !allowedFrom(b.from, b.symbol)).map((b) => `${b.from}: ${b.symbol}`), []);
      // One heap for the process: our libraries do use Envoy's.
      assert.ok(toEnvoy.some((b) => b.symbol === 'malloc'), 'our libraries allocate from Envoy\'s heap');
      const callbacks = toEnvoy.filter((b) => b.from === FILTER_MODULE && ENVOY_CALLBACK.test(b.symbol));
      assert.equal(callbacks.length, [...dynamicSymbols(FILTER_MODULE, 'undefined')].filter((s) => ENVOY_CALLBACK.test(s)).length);
    });

    test('nothing of Envoy\'s binds to our libraries', () => {
      const ours = ourFiles();
      assert.deepEqual(bindings.filter((b) => b.from === envoyPath() && ours.has(b.to)).map((b) => `${b.to}: ${b.symbol}`), []);
    });
  });
});
