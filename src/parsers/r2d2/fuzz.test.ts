// Properties of the r2d2 parser over generated conversations (seeded: a failure names its seed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvoyModel } from '../../../test/support/envoy-model.ts';
import { latin1, play, Random, text } from '../../../test/support/property.ts';
import { createHarness, type TestConnection } from '../../testing/harness.ts';
import { r2d2Policy } from './test-policies.ts';

const POLICY = r2d2Policy([{ cmd: 'READ', file: '^/pub/' }, { cmd: 'WRITE', file: '^/tmp/' }, { cmd: 'RESET' }]);

function line(r: Random): string {
  return r.pick([
    () => `READ ${r.pick(['/pub/a', '/pub/b', '/etc/x'])}`, () => `WRITE ${r.pick(['/tmp/a', '/pub/a'])}`, () => 'HALT', () => 'RESET',
    () => `READ  /pub/a`, () => text(r.bytes(r.int(10))).replace(/[\r\n]/g, '.'),
  ])() + '\r\n';
}

/** The test server: one line per request. */
const answer = (sent: Uint8Array) => latin1(text(sent).split('\r\n').slice(0, -1).map((l) => `OK ${l}\r\n`).join(''));

const connect = (injectBufSize = 1024) => (): TestConnection => createHarness().connect('r2d2', { policy: POLICY, injectBufSize });

describe('r2d2 properties', () => {
  it('cutting the streams anywhere gives the same bytes to both ends and the same access log', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Random(seed);
      const lines = Array.from({ length: 1 + r.int(4) }, () => Array.from({ length: 1 + r.int(8) }, () => line(r)));
      const requests = lines.map((batch) => latin1(batch.join('')));
      const injectCapacity = r.pick([1024, 10, 7]);
      const whole = play(connect(injectCapacity), requests, answer, null, injectCapacity);
      assert.equal(whole.reason, null, `seed ${seed}: ${whole.reason}`);
      const cut = play(connect(injectCapacity), requests, whole.replies, r, injectCapacity);
      assert.deepEqual(cut, whole, `seed ${seed}`);
      // One answer per request, in order: the server's for allowed ones, ERROR for denied ones.
      const denied = whole.log.map((l) => l.startsWith('Denied'));
      const answers = whole.toClient.split('\r\n').slice(0, -1);
      assert.deepEqual(answers.map((a) => a === 'ERROR'), denied, `seed ${seed}`);
    }
  });

  it('no input makes the parser throw or break an Envoy rule; at worst it closes with ERROR', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Random(seed);
      const conn = connect(r.pick([1024, 7]))();
      const model = new EnvoyModel(conn);
      for (let i = 0; i < 8 && model.reason === null; i++) {
        const data = r.chance(0.5) ? r.bytes(1 + r.int(100)) : latin1(line(r) + line(r));
        for (const piece of r.cut(data, 20)) model.data(r.chance(0.5), piece);
      }
      assert.ok(model.reason === null || model.reason.startsWith('ERROR'), `seed ${seed}: ${model.reason}`);
      assert.ok(!conn.harness.accessLog.some((e) => e.genericL7?.fields.status?.startsWith('Panic')), `seed ${seed}: panic`);
    }
  });
});
