// Properties of the binary dialect over generated conversations (seeded: a failure names its seed):
// cutting the byte streams anywhere changes nothing anyone sees, every request the client waits for is
// answered once in order (denials by the proxy), and no input makes the parser throw or break an Envoy rule.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { EnvoyModel } from '../../../../test/support/envoy-model.ts';
import { play, Random } from '../../../../test/support/property.ts';
import { createHarness, type TestConnection } from '../../../testing/harness.ts';
import { memcachePolicy } from '../test-policies.ts';
import { FakeBinaryServer } from './fake-server.ts';

const POLICY = memcachePolicy([
  { command: 'get', keyPrefix: 'p' }, { command: 'set', keyPrefix: 'p' }, { command: 'delete', keyPrefix: 'p' },
  { command: 'noop' }, { command: 'stats' },
]);

const OPCODES = [0x00, 0x09, 0x0c, 0x0d, 0x01, 0x11, 0x04, 0x14, 0x0a, 0x10];
const QUIET = new Set([0x09, 0x0d, 0x11, 0x14]);

interface Req {
  opcode: number;
  key: string;
  opaque: number;
  bytes: Buffer;
}

function request(r: Random, opaque: number): Req {
  const opcode = r.pick(OPCODES);
  const keyless = opcode === 0x0a || opcode === 0x10;
  const key = keyless ? '' : r.pick(['p1', 'p2', 's1']);
  const extras = opcode === 0x01 || opcode === 0x11 ? Buffer.alloc(8) : Buffer.alloc(0);
  const value = opcode === 0x01 || opcode === 0x11 ? Buffer.from(r.bytes(r.int(50))) : Buffer.alloc(0);
  const header = Buffer.alloc(24);
  header[0] = 0x80;
  header[1] = opcode;
  header.writeUInt16BE(key.length, 2);
  header[4] = extras.length;
  header.writeUInt32BE(extras.length + key.length + value.length, 8);
  header.writeUInt32BE(opaque, 12);
  return { opcode, key, opaque, bytes: Buffer.concat([header, extras, Buffer.from(key, 'latin1'), value]) };
}

function conversation(r: Random, loudOnly = false): Req[][] {
  let opaque = 1;
  return Array.from({ length: 1 + r.int(4) }, () => {
    const batch: Req[] = [];
    for (let i = 1 + r.int(8); i > 0; i--) {
      const req = request(r, r.chance(0.2) ? 0 : opaque++);
      if (!(loudOnly && QUIET.has(req.opcode))) batch.push(req);
    }
    return batch;
  });
}

const bytesOf = (batch: Req[]) => new Uint8Array(Buffer.concat(batch.map((q) => q.bytes)));
const connect = (injectBufSize = 1024) => (): TestConnection => createHarness().connect('memcache', { policy: POLICY, injectBufSize });

/** The client's stream as (opcode, opaque, status) per packet. */
function packets(stream: string): Array<{ opcode: number; opaque: number; status: number; key: number }> {
  const data = Buffer.from(stream, 'latin1');
  const list = [];
  for (let at = 0; at < data.length; at += 24 + data.readUInt32BE(at + 8)) {
    list.push({ opcode: data[at + 1], opaque: data.readUInt32BE(at + 12), status: data.readUInt16BE(at + 6), key: data.readUInt16BE(at + 2) });
  }
  return list;
}

describe('memcache binary properties', () => {
  it('cutting the streams anywhere gives the same bytes to both ends and the same access log', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = new Random(seed);
      const requests = conversation(r).map(bytesOf);
      const injectCapacity = r.pick([1024, 40, 30]);
      const server = new FakeBinaryServer();
      const whole = play(connect(injectCapacity), requests, (sent) => server.answer(sent), null, injectCapacity);
      assert.equal(whole.reason, null, `seed ${seed}: ${whole.reason}`);
      const cut = play(connect(injectCapacity), requests, whole.replies, r, injectCapacity);
      assert.deepEqual(cut, whole, `seed ${seed}`);
    }
  });

  it('answers every loud request once, in order, denied ones with status 0x0008 and their opcode and opaque', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const r = new Random(seed);
      const batches = conversation(r, true);
      const server = new FakeBinaryServer();
      const t = play(connect(), batches.map(bytesOf), (sent) => server.answer(sent), r);
      assert.equal(t.reason, null, `seed ${seed}`);
      // STAT's extra packets (those with a key) belong to the STAT answer before them.
      const answers = packets(t.toClient).filter((p) => !(p.opcode === 0x10 && p.key > 0));
      const reqs = batches.flat();
      assert.equal(answers.length, reqs.length, `seed ${seed}: one answer per request`);
      reqs.forEach((q, i) => {
        assert.deepEqual([answers[i].opcode, answers[i].opaque], [q.opcode, q.opaque], `seed ${seed}: answer ${i}`);
        assert.equal(answers[i].status === 8, q.key.startsWith('s'), `seed ${seed}: answer ${i} to ${q.opcode} ${q.key}`);
      });
    }
  });

  it('no input makes the parser throw or break an Envoy rule; at worst it closes with ERROR', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = new Random(seed);
      const conn = connect()();
      const model = new EnvoyModel(conn);
      const valid = conversation(r).flat();
      for (let i = 0; i < 6 && model.reason === null; i++) {
        const reply = r.chance(0.5);
        let data = r.chance(0.4) ? r.bytes(1 + r.int(200)) : new Uint8Array(Buffer.concat(valid.slice(0, 1 + r.int(4)).map((q) => q.bytes)));
        if (reply && data.length > 0 && r.chance(0.7)) data[0] = 0x81;
        if (r.chance(0.5) && data.length > 0) data[r.int(data.length)] = r.int(256);
        for (const piece of r.cut(data, 50)) model.data(reply, piece);
      }
      assert.ok(model.reason === null || model.reason.startsWith('ERROR'), `seed ${seed}: ${model.reason}`);
      assert.ok(!conn.harness.accessLog.some((e) => e.genericL7?.fields.status?.startsWith('Panic')), `seed ${seed}: panic`);
    }
  });
});
