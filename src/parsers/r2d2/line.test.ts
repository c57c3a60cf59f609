import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSlices } from '../../testing/read-slices.ts';
import { toBytes } from '../../testing/harness.ts';
import { LINE_TOO_LONG, LineFinder, NO_LINE_YET } from './line.ts';

const find = (finder: LineFinder, slices: string[], streamOffset = 0, arenaSize?: number) =>
  readSlices(slices.map(toBytes), (input) => finder.find(input, streamOffset), { arenaSize });

describe('r2d2 LineFinder', () => {
  it('finds a CRLF split across slices and reading windows', () => {
    assert.equal(find(new LineFinder(100), ['READ a\r', '\nHALT\r\n'], 0, 4), 8);
  });

  it('waits for the LF of a trailing CR, and a bare LF ends no line', () => {
    const finder = new LineFinder(100);
    assert.equal(find(finder, ['READ a\r']), NO_LINE_YET);
    assert.equal(find(finder, ['READ a\r\n']), 8);
    assert.equal(find(new LineFinder(100), ['READ\na\r\n']), 8);
  });

  it('says LINE_TOO_LONG once the limit is reached without a CRLF', () => {
    assert.equal(find(new LineFinder(8), ['READ abc']), LINE_TOO_LONG);
    assert.equal(find(new LineFinder(8), ['READ abc\r\n']), LINE_TOO_LONG);
  });
});
