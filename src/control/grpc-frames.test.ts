import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameMessage, MessageDecoder } from './grpc-frames.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('gRPC message framing', () => {
  it('prefixes a message with the uncompressed flag and its big-endian length', () => {
    assert.deepEqual(frameMessage(bytes(7, 8, 9)), bytes(0, 0, 0, 0, 3, 7, 8, 9));
    assert.deepEqual(frameMessage(bytes()), bytes(0, 0, 0, 0, 0));
  });

  it('reassembles messages however the stream is cut', () => {
    const stream = new Uint8Array([...frameMessage(bytes(1, 2, 3)), ...frameMessage(bytes()), ...frameMessage(bytes(4))]);
    for (let cut = 1; cut < stream.length; cut++) {
      const d = new MessageDecoder(100);
      const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      assert.deepEqual(got, [bytes(1, 2, 3), bytes(), bytes(4)], `cut at ${cut}`);
      assert.equal(d.midMessage, false);
    }
    const oneByOne = new MessageDecoder(100);
    const got: Uint8Array[] = [];
    for (const b of stream) got.push(...oneByOne.push(bytes(b)));
    assert.deepEqual(got, [bytes(1, 2, 3), bytes(), bytes(4)]);
  });

  it('knows when the stream stops inside a message', () => {
    const d = new MessageDecoder(100);
    assert.deepEqual(d.push(frameMessage(bytes(1, 2)).subarray(0, 6)), []);
    assert.equal(d.midMessage, true);
  });

  it('refuses a compressed message and one over the size limit', () => {
    assert.throws(() => new MessageDecoder(100).push(bytes(1, 0, 0, 0, 1, 0)), /compressed/);
    assert.throws(() => new MessageDecoder(4).push(bytes(0, 0, 0, 0, 5)), /exceeds the limit of 4/);
  });
});
