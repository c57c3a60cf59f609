import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { SliceReader } from './slice-reader.ts';
import { readSlices } from '../testing/read-slices.ts';
import { toBytes } from '../testing/harness.ts';

/** The input of most cases: 26 letters and 10 digits over uneven slices. */
const SLICES = ['abc', 'defghijklm', 'n', 'opqrstuvwxyz0123', '456789'].map(toBytes);
const TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Runs `read` over SLICES with an 8-byte arena (every few reads fetch a new window). */
function tiny<T>(read: (r: SliceReader) => T, slices = SLICES): T {
  return readSlices(slices, read, { arenaSize: 8 });
}

describe('SliceReader', () => {
  it('reads every byte across windows and slices', () => {
    const bytes = tiny((r) => Array.from({ length: r.length }, (_, i) => r.u8(i)));
    assert.equal(String.fromCharCode(...bytes), TEXT);
  });

  it('reads backwards, fetching earlier windows again', () => {
    const bytes = tiny((r) => Array.from({ length: r.length }, (_, i) => r.u8(r.length - 1 - i)));
    assert.equal(String.fromCharCode(...bytes).split('').reverse().join(''), TEXT);
  });

  it('starts with only the eager window and fetches the rest', () => {
    const text = readSlices(SLICES, (r) => r.string(), { arenaSize: 64, eagerWindow: 4 });
    assert.equal(text, TEXT);
  });

  it('reads big- and little-endian integers that straddle windows', () => {
    const input = [toBytes('\x01\x02\x03'), toBytes('\x04\x05\xff\xfe\x80'), toBytes('\x00\x00\x00\x07\x08')];
    const values = readSlices(input, (r) => ({
      u16: r.u16(1), u32: r.u32(1), u32hi: r.u32(5), i16: r.i16(5), i32: r.i32(5), u16le: r.u16le(1), u32le: r.u32le(1),
      u32leHi: r.u32le(4),
    }), { arenaSize: 4 });
    assert.deepEqual(values, {
      u16: 0x0203, u32: 0x02030405, u32hi: 0xfffe8000, i16: -2, i32: -((~0xfffe8000 >>> 0) + 1), u16le: 0x0302,
      u32le: 0x05040302, u32leHi: 0x80feff05,
    });
  });

  it('reads integers byte by byte when the arena is smaller than the integer', () => {
    const values = readSlices([toBytes('\x12\x34\x56\x78')], (r) => [r.u32(0), r.u32le(0), r.u16(2)], { arenaSize: 2 });
    assert.deepEqual(values, [0x12345678, 0x78563412, 0x5678]);
  });

  it('throws a RangeError for reads outside the input', () => {
    tiny((r) => {
      assert.throws(() => r.u8(36), RangeError);
      assert.throws(() => r.u8(-1), RangeError);
      assert.throws(() => r.u8(1.5), RangeError);
      assert.throws(() => r.u32(33), RangeError);
      assert.throws(() => r.string(30, 37), RangeError);
      assert.throws(() => r.copy(5, 4), RangeError);
      assert.equal(r.u32(32), 0x36373839);
    });
  });

  describe('indexOf', () => {
    it('finds bytes in later windows and slices', () => {
      const found = tiny((r) => [r.indexOf(0x61), r.indexOf(0x6e), r.indexOf(0x39), r.indexOf(0x21), r.indexOf(0x6e, 14)]);
      assert.deepEqual(found, [0, 13, 35, -1, -1]);
    });

    it('ignores stale arena bytes past a short last window', () => {
      // After the window 'qrstuvwx' the last one holds 4 bytes; the arena still holds 'uvwx' behind them.
      const input = [toBytes('qrstuvwx'), toBytes('abcd')];
      assert.equal(readSlices(input, (r) => r.indexOf(0x77, 9), { arenaSize: 8 }), -1);
    });

    it('finds sequences that cross window and slice boundaries', () => {
      const found = tiny((r) => [
        r.indexOf(toBytes('lmnop')), r.indexOf(toBytes('z01')), r.indexOf(toBytes('789')), r.indexOf(toBytes('780')),
        r.indexOf(toBytes('')), r.indexOf(toBytes(''), 36), r.indexOf(toBytes(''), 37), r.indexOf(toBytes('abc'), 1),
      ]);
      assert.deepEqual(found, [11, 25, 33, -1, 0, 36, -1, -1]);
    });

    it('finds a repeated prefix after a partial match', () => {
      const input = [toBytes('aaab'), toBytes('aab')];
      assert.equal(readSlices(input, (r) => r.indexOf(toBytes('aab'), 2), { arenaSize: 3 }), 4);
    });
  });

  it('compares prefixes as bytes or latin1 strings', () => {
    const results = tiny((r) => [
      r.startsWith('abc'), r.startsWith('lmnopq', 11), r.startsWith(toBytes('z0123'), 25), r.startsWith('789', 33),
      r.startsWith('7890', 33), r.startsWith('abd'), r.startsWith('', 36), r.startsWith('a', -1),
    ]);
    assert.deepEqual(results, [true, true, true, true, false, false, true, false]);
  });

  it('decodes strings as latin1 and as UTF-8, large ranges included', () => {
    const input = [toBytes('caf\xc3'), toBytes('\xa9 \xff')];
    const [latin1, utf8] = readSlices(input, (r) => [r.string(), r.utf8(0, 5)], { arenaSize: 4 });
    assert.equal(latin1, 'caf\xc3\xa9 \xff');
    assert.equal(utf8, 'café');
    assert.equal(tiny((r) => r.string(2, 30)), TEXT.slice(2, 30));
  });

  it('copies survive the call; views lent from the input do not', () => {
    const { copy, view } = readSlices([toBytes('hello '), toBytes('world')], (r) => ({
      copy: r.copy(3, 8), view: r.view(3, 8),
    }), { arenaSize: 4 });
    assert.equal(Buffer.from(copy).toString('latin1'), 'lo wo');
    assert.equal(view.length, 0, 'a view over the input is detached after the call');
  });

  it('a view of bytes the arena holds is a copy, so the reused arena never shows through it', () => {
    const [own, arenaBytes] = readSlices([toBytes('abc'), toBytes('def')], (r) => {
      const v = r.view(1, 5);
      return [v.buffer.byteLength === 4, Buffer.from(v).toString('latin1')];
    }, { arenaSize: 64 });
    assert.deepEqual([own, arenaBytes], [true, 'bcde']);
  });

  it('advance moves position 0 and never passes the end', () => {
    const seen = tiny((r) => {
      r.advance(10);
      const after10 = [r.length, r.u8(0), r.start];
      r.advance(100);
      const atEnd = [r.length, r.start];
      assert.throws(() => r.advance(-1), RangeError);
      return { after10, atEnd };
    });
    assert.deepEqual(seen, { after10: [26, 0x6b, 10], atEnd: [0, 36] });
  });
});

describe('advance semantics (anchor advance-input.json)', () => {
  const vector = JSON.parse(readFileSync(new URL('./vectors/advance-input.json', import.meta.url), 'utf8')) as AdvanceVector;
  const cases = vector.cases;
  assert.ok(cases.length > 0);

  for (const c of cases) {
    it(c.name, () => {
      const slices = c.initial_hex.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
      // Cilium counts the slices left; the reader has one offset, so count the slices it reaches into.
      const ends = slices.reduce<number[]>((acc, s) => [...acc, (acc.at(-1) ?? 0) + s.length], []);
      const slicesLeft = (start: number) => ends.filter((end) => end > start).length;
      const firstSliceLength = (start: number) => (ends.find((end) => end > start) ?? start) - start;
      readSlices(slices, (r) => {
        assert.equal(slicesLeft(r.start), c.initial_checks.expect_num_slices);
        assert.equal(r.u8(0).toString(16).padStart(2, '0'), c.initial_checks.expect_first_byte_hex);
        for (const step of c.steps) {
          r.advance(step.advance);
          const where = `after advancing ${step.advance}`;
          assert.equal(slicesLeft(r.start), step.expect_num_slices, where);
          if (step.expect_first_slice_len !== undefined) assert.equal(firstSliceLength(r.start), step.expect_first_slice_len, where);
          if (step.expect_first_byte_hex !== undefined) assert.equal(r.u8(0).toString(16).padStart(2, '0'), step.expect_first_byte_hex, where);
          assert.equal(Buffer.from(r.copy()).toString('hex'), step.derived_remaining_hex.join(''), where);
        }
      }, { arenaSize: 8 });
    });
  }
});

interface AdvanceVector {
  cases: Array<{
    name: string;
    initial_hex: string[];
    initial_checks: { expect_num_slices: number; expect_first_byte_hex: string };
    steps: Array<{
      advance: number;
      expect_num_slices: number;
      expect_first_slice_len?: number;
      expect_first_byte_hex?: string;
      derived_remaining_hex: string[];
    }>;
  }>;
}
