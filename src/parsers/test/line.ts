import type { SliceReader } from '../../framework/slice-reader.ts';

const NEWLINE = 0x0a;

/** Length of the first line including its '\n' (which may lie in a later slice), or -1 if there is none yet. */
export function lineLength(input: SliceReader): number {
  const newline = input.indexOf(NEWLINE);
  return newline < 0 ? -1 : newline + 1;
}
