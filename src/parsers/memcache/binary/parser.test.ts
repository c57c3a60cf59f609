import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { checkOnData, createHarness, type TestConnection } from '../../../testing/harness.ts';
import { createMemcacheModule } from '../index.ts';
import { ALLOW_ALL, memcachePolicy, type RuleMap } from '../test-policies.ts';
import { BARRIER_REQUEST, deniedReply } from './replies.ts';

interface Packet {
  opcode: number;
  key?: string;
  extras?: string;
  value?: string;
  opaque?: number;
  magic?: number;
  /** Overrides the total body length. */
  body?: number;
}

/** A binary packet as a latin1 string. */
function packet(p: Packet): string {
  const key = p.key ?? '';
  const extras = p.extras ?? '';
  const value = p.value ?? '';
  const header = Buffer.alloc(24);
  header[0] = p.magic ?? 0x80;
  header[1] = p.opcode;
  header.writeUInt16BE(key.length, 2);
  header[4] = extras.length;
  header.writeUInt32BE(p.body ?? extras.length + key.length + value.length, 8);
  header.writeUInt32BE(p.opaque ?? 0, 12);
  return header.toString('latin1') + extras + key + value;
}

const response = (p: Packet) => packet({ ...p, magic: 0x81 });
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const denied = (opcode: number, opaque = 0) => latin1(deniedReply(opcode, opaque));
const SET_EXTRAS = '\0'.repeat(8);

const GET = 0x00, SET = 0x01, DELETE = 0x04, NOOP = 0x0a, GETQ = 0x09, SETQ = 0x11, STAT = 0x10, APPEND = 0x0e;

function connect(policy: unknown[], injectBufSize?: number): TestConnection {
  return createHarness().connect('memcache', { policy, injectBufSize });
}

const only = (...rules: RuleMap[]) => memcachePolicy(rules);

function log(conn: TestConnection): string[] {
  return conn.harness.accessLog.map((e) => {
    assert.equal(e.genericL7?.proto, 'binarymemcached');
    return `${e.entryType} ${e.genericL7?.fields.opcode} ${e.genericL7?.fields.key}`;
  });
}

function done(conn: TestConnection): void {
  conn.harness.close(conn);
  conn.harness.assertNoOpenConnections();
}

describe('memcache binary', () => {
  it('waits for the header, then for extras and key; never for the value', () => {
    const conn = connect(ALLOW_ALL);
    const set = packet({ opcode: SET, key: 'k', extras: SET_EXTRAS, value: 'v'.repeat(100) });
    checkOnData(conn, { data: [set.slice(0, 10)], ops: [['MORE', 14]] });
    checkOnData(conn, { data: [set.slice(0, 30)], ops: [['MORE', 3]] });
    checkOnData(conn, { data: [set.slice(0, 33)], ops: [['PASS', set.length]] });
    checkOnData(conn, { data: [packet({ opcode: GET, key: 'k' })], ops: [['PASS', 25], ['MORE', 24]] });
    assert.deepEqual(log(conn), ['Request 1 k', 'Request 0 k']);
    done(conn);
  });

  it('closes on a bad magic in either direction, extras and key outside the body, or a body over the limit', () => {
    checkOnData(connect(ALLOW_ALL), { data: [packet({ opcode: GET, key: 'k', magic: 0x81 })], ops: [['ERROR', 2]], opsCapacity: 1 });
    checkOnData(connect(ALLOW_ALL), { data: [packet({ opcode: GET, key: 'k', magic: 0xff })], ops: [['ERROR', 2]], opsCapacity: 1 });
    checkOnData(connect(ALLOW_ALL), { data: [packet({ opcode: GET, key: 'key', body: 2 })], ops: [['ERROR', 3]], opsCapacity: 1 });
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: [packet({ opcode: GET, key: 'k' })], ops: [['PASS', 25], ['MORE', 24]] });
    checkOnData(conn, { reply: true, data: [packet({ opcode: GET })], ops: [['ERROR', 2]], opsCapacity: 1 });
    const harness = createHarness({ modules: [createMemcacheModule({ maxBodyBytes: 1000 })] });
    const small = harness.connect('memcache', { policy: ALLOW_ALL });
    checkOnData(small, { data: [packet({ opcode: SET, key: 'k', body: 1001 })], ops: [['ERROR', 3]], opsCapacity: 1 });
  });

  it('echoes the opcode and opaque of a denied request in its denial', () => {
    const conn = connect(only({ command: 'set' }));
    checkOnData(conn, { data: [packet({ opcode: DELETE, key: 'k', opaque: 0x01020304 })], ops: [['DROP', 25], ['MORE', 24]],
                        replyInject: denied(DELETE, 0x01020304) });
    assert.deepEqual(log(conn), ['Denied 4 k']);
    done(conn);
  });

  it('releases every queued denial once, in order, and answers later ones at once', () => {
    const conn = connect(only({ command: 'set' }));
    const set = packet({ opcode: SET, key: 'a', extras: SET_EXTRAS, value: 'v', opaque: 1 });
    checkOnData(conn, {
      data: [set + packet({ opcode: GET, key: 'a', opaque: 2 }) + packet({ opcode: DELETE, key: 'a', opaque: 3 })],
      ops: [['PASS', set.length], ['DROP', 25], ['DROP', 25], ['MORE', 24]],
    });
    checkOnData(conn, { reply: true, data: [response({ opcode: SET, opaque: 1 })], ops: [['PASS', 24], ['INJECT', 37], ['INJECT', 37]],
                        replyInject: denied(GET, 2) + denied(DELETE, 3) });
    checkOnData(conn, { data: [packet({ opcode: GET, key: 'b', opaque: 4 })], ops: [['DROP', 25], ['MORE', 24]], replyInject: denied(GET, 4) });
    checkOnData(conn, { reply: true, data: [], ops: [] });
    done(conn);
  });

  it('keeps replies and denials in order when quiet requests are answered by silence', () => {
    const conn = connect(only({ command: 'get', keyPrefix: 'p' }, { command: 'noop' }));
    const requests = [packet({ opcode: GETQ, key: 'p1', opaque: 1 }), packet({ opcode: GETQ, key: 'p2', opaque: 2 }),
      packet({ opcode: GET, key: 'secret', opaque: 3 }), packet({ opcode: NOOP, opaque: 4 })];
    // The denial follows quiet gets that may never be answered: a barrier NOOP takes its place.
    checkOnData(conn, { data: [requests.join('')], ops: [['PASS', 26], ['PASS', 26], ['INJECT', 24], ['DROP', 30], ['PASS', 24], ['MORE', 24]],
                        origInject: latin1(BARRIER_REQUEST) });
    // p1 misses (no reply), p2 hits; then the barrier's reply, dropped, with the denial in its place; then the NOOP.
    const barrierReply = latin1(BARRIER_REQUEST).replace('\x80', '\x81');
    checkOnData(conn, { reply: true, data: [response({ opcode: GETQ, opaque: 2, extras: '\0\0\0\0', value: 'x' }), barrierReply, response({ opcode: NOOP, opaque: 4 })],
                        ops: [['PASS', 29], ['DROP', 24], ['INJECT', 37], ['PASS', 24]], replyInject: denied(GET, 3) });
    assert.deepEqual(log(conn), ['Request 9 p1', 'Request 9 p2', 'Denied 0 secret', 'Request 10 ', 'Response 9 ', 'Response 10 ']);
    done(conn);
  });

  it('matches replies past quiet requests that were answered by silence', () => {
    const conn = connect(only({ command: 'set' }, { command: 'get', keyExact: 'a' }));
    const setq = (o: number) => packet({ opcode: SETQ, key: 'a', extras: SET_EXTRAS, value: 'v', opaque: o });
    const requests = [setq(1), setq(2), packet({ opcode: GET, key: 'a', opaque: 3 }), packet({ opcode: GET, key: 'b', opaque: 4 })];
    checkOnData(conn, { data: requests, ops: [['PASS', 34], ['PASS', 34], ['PASS', 25], ['INJECT', 24], ['DROP', 25], ['MORE', 24]],
                        origInject: latin1(BARRIER_REQUEST) });
    const barrierReply = latin1(BARRIER_REQUEST).replace('\x80', '\x81');
    checkOnData(conn, { reply: true, data: [response({ opcode: GET, opaque: 3, extras: '\0\0\0\0', value: 'v' }), barrierReply],
                        ops: [['PASS', 29], ['DROP', 24], ['INJECT', 37]], replyInject: denied(GET, 4) });
    assert.deepEqual(log(conn).slice(4), ['Response 0 ']);
    done(conn);
  });

  it('waits for the end of a STAT reply (the packet without a key) before a denial', () => {
    const conn = connect(only({ command: 'stats' }));
    checkOnData(conn, { data: [packet({ opcode: STAT, opaque: 9 }), packet({ opcode: GET, key: 'k', opaque: 10 })],
                        ops: [['PASS', 24], ['DROP', 25], ['MORE', 24]] });
    const stat = (key: string, value: string) => response({ opcode: STAT, key, value, opaque: 9 });
    checkOnData(conn, { reply: true, data: [stat('pid', '1'), stat('uptime', '2')], ops: [['PASS', 28], ['PASS', 31]] });
    checkOnData(conn, { reply: true, data: [stat('', '')], ops: [['PASS', 24], ['INJECT', 37]], replyInject: denied(GET, 10) });
    done(conn);
  });

  it('puts append and prepend in storage and writeGroup, and GATK in gat', () => {
    const conn = connect(only({ command: 'storage' }, { command: 'gat' }));
    const append = packet({ opcode: APPEND, key: 'k', value: 'x' });
    const prepend = packet({ opcode: 0x0f, key: 'k', value: 'x' });
    const gatk = packet({ opcode: 0x23, key: 'k', extras: '\0\0\0\0' });
    checkOnData(conn, { data: [append, prepend, gatk], ops: [['PASS', 26], ['PASS', 26], ['PASS', 29], ['MORE', 24]] });
    const write = connect(only({ command: 'writeGroup' }));
    checkOnData(write, { data: [append], ops: [['PASS', 26], ['MORE', 24]] });
  });

  it('gives a keyless opcode one empty key, which fails a keyExact rule (as in Cilium)', () => {
    const conn = connect(only({ command: 'flush_all', keyExact: 'x' }));
    checkOnData(conn, { data: [packet({ opcode: 0x08, extras: '\0\0\0\0' })], ops: [['DROP', 28], ['MORE', 24]], replyInject: denied(0x08) });
  });

  it('passes a value that is still arriving and answers NOP on the re-call', () => {
    const conn = connect(ALLOW_ALL);
    const set = packet({ opcode: SET, key: 'k', extras: SET_EXTRAS, value: 'v'.repeat(1000) });
    checkOnData(conn, { data: [set.slice(0, 100)], ops: [['PASS', set.length]] });
    checkOnData(conn, { data: [packet({ opcode: GET, key: 'k' })], ops: [['PASS', 25], ['MORE', 24]] });
  });

  it('decides a large value from its header alone, reading nothing of it', () => {
    const harness = createHarness({ eagerWindow: 1024 });
    const conn = harness.connect('memcache', { policy: ALLOW_ALL });
    let fetches = 0;
    const fetch = harness.bridge.fetch.bind(harness.bridge);
    harness.bridge.fetch = (offset: number) => { fetches++; return fetch(offset); };
    const set = packet({ opcode: SET, key: 'big', extras: SET_EXTRAS, value: 'x'.repeat(1024 * 1024) });
    checkOnData(conn, { data: [set, packet({ opcode: GET, key: 'big' })], ops: [['PASS', set.length], ['PASS', 27], ['MORE', 24]] });
    assert.equal(fetches, 1, 'one window for the next header, none for the value');
  });
});
