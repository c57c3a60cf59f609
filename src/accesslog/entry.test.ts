import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { decodeLogEntry, encodeLogEntry, EntryType, nowNs, type LogEntryFields } from './entry.ts';

/** Top-level fields of a protobuf message as [field number, wire type, value], read by hand. */
function wireFields(bytes: Uint8Array): Array<[number, number, bigint | Uint8Array]> {
  const fields: Array<[number, number, bigint | Uint8Array]> = [];
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = bytes[at++];
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const [number, type] = [key >> 3, key & 7];
    if (type === 0) fields.push([number, type, varint()]);
    else if (type === 2) {
      const len = Number(varint());
      fields.push([number, type, bytes.subarray(at, at + len)]);
      at += len;
    } else throw new Error(`unexpected wire type ${type}`);
  }
  return fields;
}

const BASE: LogEntryFields = {
  timestampNs: 1_766_000_000_123_456_789n,
  isIngress: true,
  entryType: EntryType.Denied,
  policyName: '1.1.1.1',
  sourceSecurityId: 1,
  destinationSecurityId: 4294967295,
  sourceAddress: '1.1.1.1:34567',
  destinationAddress: '[::1]:80',
  l7: { genericL7: { proto: 'test.headerparser', fields: { status: 'DROP' } } },
};

describe('LogEntry', () => {
  it('uses Cilium\'s field numbers', () => {
    const fields = wireFields(encodeLogEntry(BASE));
    const byNumber = new Map(fields.map(([n, , v]) => [n, v]));
    assert.equal(byNumber.get(1), BASE.timestampNs);
    assert.equal(byNumber.get(15), 1n);
    assert.equal(byNumber.get(3), 2n);
    assert.equal(Buffer.from(byNumber.get(4) as Uint8Array).toString(), '1.1.1.1');
    assert.equal(byNumber.get(6), 1n);
    assert.equal(byNumber.get(16), 4294967295n);
    assert.equal(Buffer.from(byNumber.get(7) as Uint8Array).toString(), '1.1.1.1:34567');
    assert.equal(Buffer.from(byNumber.get(8) as Uint8Array).toString(), '[::1]:80');
    assert.ok(!byNumber.has(17) && !byNumber.has(5), 'proxy_id and cilium_rule_ref stay unset');
    const l7 = wireFields(byNumber.get(102) as Uint8Array);
    assert.deepEqual(l7.map(([n, t]) => [n, t]), [[1, 2], [2, 2]]);
    const mapEntry = wireFields(l7[1][2] as Uint8Array).map(([n, , v]) => [n, Buffer.from(v as Uint8Array).toString()]);
    assert.deepEqual(mapEntry, [[1, 'status'], [2, 'DROP']]);
  });

  it('round-trips every field, including a 64-bit timestamp above 2^53', () => {
    assert.deepEqual(decodeLogEntry(encodeLogEntry(BASE)), {
      timestampNs: 1_766_000_000_123_456_789n, isIngress: true, entryType: 'Denied', policyName: '1.1.1.1', proxyId: 0,
      ciliumRuleRef: '', sourceSecurityId: 1, destinationSecurityId: 4294967295, sourceAddress: '1.1.1.1:34567',
      destinationAddress: '[::1]:80', genericL7: { proto: 'test.headerparser', fields: { status: 'DROP' } },
    });
  });

  it('encodes the kafka and http members of the l7 oneof', () => {
    const kafka = { correlationId: 3, errorCode: 29, apiVersion: 3, apiKey: 0, topics: ['EF', 'GH'] };
    assert.deepEqual(decodeLogEntry(encodeLogEntry({ ...BASE, l7: { kafka } })).kafka, kafka);
    assert.equal(wireFields(encodeLogEntry({ ...BASE, l7: { kafka } })).at(-1)?.[0], 101);
    const http = {
      httpProtocol: 1, scheme: 'http', host: 'h', path: '/p', method: 'GET', headers: [{ key: 'a', value: 'b' }], status: 200,
      missingHeaders: [], rejectedHeaders: [{ key: 'c', value: 'd' }],
    };
    const decoded = decodeLogEntry(encodeLogEntry({ ...BASE, entryType: EntryType.Request, l7: { http } }));
    assert.deepEqual(decoded.http, http);
    assert.equal(decoded.entryType, 'Request');
  });

  it('timestamps are nanoseconds since the epoch and do not go backwards', () => {
    const a = nowNs();
    const b = nowNs();
    assert.ok(b >= a);
    const ms = BigInt(Date.now());
    assert.ok(a / 1_000_000n > ms - 5_000n && a / 1_000_000n <= ms + 5_000n);
  });
});
