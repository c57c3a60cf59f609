// Properties of the text dialect over generated conversations (seeded: a failure names its seed):
// cutting the byte streams anywhere changes nothing anyone sees, and no input, however broken, makes the
// parser throw or return a verdict Envoy would refuse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latin1, play, Random, text } from '../../../../test/support/property.ts';
import { EnvoyModel } from '../../../../test/support/envoy-model.ts';
import { createHarness, type TestConnection } from '../../../testing/harness.ts';
import { memcachePolicy } from '../test-policies.ts';
import { FakeTextServer } from './fake-server.ts';

const POLICY = memcachePolicy([
  { command: 'get', keyPrefix: 'p' }, { command: 'set', keyPrefix: 'p' }, { command: 'delete', keyPrefix: 'p' },
  { command: 'incr', keyPrefix: 'p' }, { command: 'touch', keyPrefix: 'p' }, { command: 'noop' }, { command: 'version' },
  { command: 'stats' },
]);

function request(r: Random): string {
  const key = () => r.pick(['p1', 'p2', 'p3', 's1', 's2']);
  const value = () => r.pick(['', '0', '42', 'x\r\nEND\r\ny', 'VALUE a 0 1', text(r.bytes(r.int(40)))]);
  const quiet = () => (r.chance(0.4) ? ' q' : '');
  const opaque = () => (r.chance(0.5) ? ` O${r.int(100)}` : '');
  const noreply = () => (r.chance(0.3) ? ' noreply' : '');
  switch (r.int(12)) {
    case 0: return `get ${Array.from({ length: 1 + r.int(3) }, key).join(' ')}\r\n`;
    case 1: { const v = value(); return `set ${key()} 0 0 ${v.length}${noreply()}\r\n${v}\r\n`; }
    case 2: return `delete ${key()}${noreply()}\r\n`;
    case 3: return `incr ${key()} 1${noreply()}\r\n`;
    case 4: return `touch ${key()} 10\r\n`;
    case 5: return `mg ${key()} v${quiet()}${opaque()}\r\n`;
    case 6: { const v = value(); return `ms ${key()} ${v.length}${quiet()}${opaque()}\r\n${v}\r\n`; }
    case 7: return `md ${key()}${quiet()}${opaque()}\r\n`;
    case 8: return `mn\r\n`;
    case 9: return `version\r\n`;
    case 10: return `stats\r\n`;
    default: return `gets ${key()}\r\n`;
  }
}

/** The client's view: its stream cut into one answer per request (values and stats up to END). */
function clientFrames(stream: string): string[] {
  const frames: string[] = [];
  let at = 0;
  while (at < stream.length) {
    const start = at;
    for (;;) {
      const lf = stream.indexOf('\n', at);
      const line = stream.slice(at, lf - 1);
      at = lf + 1;
      const value = /^(?:VALUE \S+ \d+|VA) (\d+)/.exec(line);
      if (value !== null) at += Number(value[1]) + 2;
      if (line.startsWith('VALUE') || line.startsWith('STAT')) continue;
      break;
    }
    frames.push(stream.slice(start, at));
  }
  return frames;
}

function conversation(r: Random): Uint8Array[] {
  return Array.from({ length: 1 + r.int(4) }, () => latin1(Array.from({ length: 1 + r.int(8) }, () => request(r)).join('')));
}

const connect = (injectBufSize = 1024) => (): TestConnection => createHarness().connect('memcache', { policy: POLICY, injectBufSize });

describe('memcache text properties', () => {
  it('cutting the streams anywhere gives the same bytes to both ends and the same access log', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Random(seed);
      const requests = conversation(r);
      const injectCapacity = r.pick([1024, 40, 30]);
      const server = new FakeTextServer();
      const whole = play(connect(injectCapacity), requests, (sent) => latin1(server.answer(text(sent))), null, injectCapacity);
      assert.equal(whole.reason, null, `seed ${seed}: ${whole.reason}`);
      const cut = play(connect(injectCapacity), requests, whole.replies, r, injectCapacity);
      assert.deepEqual(cut, whole, `seed ${seed}`);
    }
  });

  it('every request that expects an answer gets exactly one, in order, the denied ones CLIENT_ERROR access denied', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const r = new Random(seed);
      // Loud requests only: each is answered exactly once, so the client's stream can be checked frame by frame.
      const lines: string[] = [];
      const requests = Array.from({ length: 1 + r.int(3) }, () => {
        let batch = '';
        for (let i = 1 + r.int(8); i > 0; i--) {
          const line = request(r);
          if (/ (q|noreply)[\r ]/.test(line.split('\r\n')[0] + '\r')) continue;
          lines.push(line);
          batch += line;
        }
        return latin1(batch);
      });
      const server = new FakeTextServer();
      const t = play(connect(), requests, (sent) => latin1(server.answer(text(sent))), r);
      assert.equal(t.reason, null, `seed ${seed}`);
      const frames = clientFrames(t.toClient);
      assert.equal(frames.length, lines.length, `seed ${seed}: one answer per request`);
      lines.forEach((line, i) => {
        const denied = / s\d/.test(line.split('\r\n')[0]);
        assert.equal(frames[i] === 'CLIENT_ERROR access denied\r\n', denied, `seed ${seed}: answer ${i} to ${JSON.stringify(line)}`);
      });
    }
  });

  it('no input makes the parser throw or break an Envoy rule; at worst it closes with ERROR', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = new Random(seed);
      const conn = connect(r.pick([1024, 30]))();
      const model = new EnvoyModel(conn, 1024);
      const valid = conversation(r);
      for (let i = 0; i < 6 && model.reason === null; i++) {
        const reply = r.chance(0.5);
        let data = r.chance(0.5) ? r.bytes(1 + r.int(200)) : r.pick(valid).slice();
        if (r.chance(0.5) && data.length > 0) data[r.int(data.length)] = r.int(256);
        if (reply && r.chance(0.5)) data = latin1(r.pick(['END\r\n', 'VALUE a 0 3\r\nabc\r\nEND\r\n', 'VERSION 1\r\n', 'VA 2\r\nab\r\n', 'MN\r\n', 'STAT a b\r\n']));
        for (const piece of r.cut(data, 50)) model.data(reply, piece);
      }
      assert.ok(model.reason === null || model.reason.startsWith('ERROR'), `seed ${seed}: ${model.reason}`);
      assert.ok(!conn.harness.accessLog.some((e) => e.genericL7?.fields.status?.startsWith('Panic')), `seed ${seed}: panic`);
    }
  });
});
