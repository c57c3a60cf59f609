import type { SliceReader } from '../../framework/slice-reader.ts';

/**
 * Block: <N decimal digits>':'<payload>, where N is the length of the whole block, digits and colon
 * included ("24:DROP reply direction\n" is 24 bytes).
 */
export type BlockHead =
  | { error: string }
  | {
      /** N, or 0 while no ':' has arrived. */
      length: number;
      /** Bytes of the block present in the input (everything received while no ':' has arrived). */
      present: number;
      /** Bytes still to come: N - present, or 1 while no ':' has arrived and something has. */
      missing: number;
    };

const COLON = 0x3a;

export function readBlockHead(input: SliceReader): BlockHead {
  const colon = input.indexOf(COLON);
  if (colon < 0) return { length: 0, present: input.length, missing: input.length > 0 ? 1 : 0 };
  const digits = input.string(0, colon);
  if (!/^[0-9]+$/.test(digits)) return { error: `invalid block length "${digits}"` };
  const length = Number(digits);
  // Cilium rejects lengths above 2^63-1; ours also above 2^53-1, where lengths stop being exact.
  if (!Number.isSafeInteger(length)) return { error: 'block length overflow' };
  if (length <= colon) return { error: 'block length too short' };
  const present = Math.min(length, input.length);
  return { length, present, missing: length - present };
}
