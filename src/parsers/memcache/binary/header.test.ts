import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OpError } from '../../../framework/types.ts';
import { readSlices } from '../../../testing/read-slices.ts';
import { readHeader, readKey, REQUEST_MAGIC } from './header.ts';

interface KeyCheck {
  packet_hex: string;
  extras_length: number;
  key_length: number;
  expect_key_hex: string;
}

const vectors = JSON.parse(readFileSync(new URL('../vectors/binary-keys.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; checks: KeyCheck[] }>;
};

describe('binary header', () => {
  it('has the anchor case', () => assert.equal(vectors.cases.length, 1));

  for (const c of vectors.cases) {
    it(`${c.name}: the key lies after the extras (anchor)`, () => {
      for (const check of c.checks) {
        const packet = Buffer.from(check.packet_hex, 'hex');
        // Across windows too: a 7-byte arena makes every read cross a boundary.
        for (const arenaSize of [65536, 7]) {
          const key = readSlices([packet.subarray(0, 11), packet.subarray(11)],
                                 (r) => readKey(r, check.extras_length, check.key_length), { arenaSize });
          assert.equal(Buffer.from(key, 'latin1').toString('hex'), check.expect_key_hex);
        }
      }
    });
  }

  const header = (fields: { magic?: number; key?: number; extras?: number; body: number }) => {
    const b = Buffer.alloc(24);
    b[0] = fields.magic ?? REQUEST_MAGIC;
    b.writeUInt16BE(fields.key ?? 0, 2);
    b[4] = fields.extras ?? 0;
    b.writeUInt32BE(fields.body, 8);
    return b;
  };
  const read = (bytes: Uint8Array, maxBody = 1 << 30) => readSlices([bytes], (r) => readHeader(r, REQUEST_MAGIC, maxBody));

  it('asks for the header, then for the extras and key', () => {
    assert.deepEqual(read(new Uint8Array(5)), { need: 19 });
    assert.deepEqual(read(header({ key: 3, extras: 4, body: 10 })), { need: 7 });
  });

  it('refuses extras and key that do not fit the body, a body over the limit, any other magic', () => {
    assert.deepEqual(read(header({ key: 3, extras: 4, body: 6 })), { error: OpError.INVALID_FRAME_LENGTH });
    assert.deepEqual(read(header({ body: 0xffffffff })), { error: OpError.INVALID_FRAME_LENGTH });
    assert.deepEqual(read(header({ body: 101 }), 100), { error: OpError.INVALID_FRAME_LENGTH });
    assert.deepEqual(read(header({ magic: 0x81, body: 0 })), { error: OpError.INVALID_FRAME_TYPE });
  });

  it('computes the frame length without wrapping', () => {
    const h = read(header({ body: 0xffffffff }), 0xffffffff);
    assert.ok('frameLength' in h);
    assert.equal(h.frameLength, 0xffffffff + 24);
  });
});
