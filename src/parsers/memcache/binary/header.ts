import type { SliceReader } from '../../../framework/slice-reader.ts';
import { OpError } from '../../../framework/types.ts';

/**
 * Binary protocol header, 24 bytes, big-endian:
 *   magic:u8 | opcode:u8 | key length:u16 | extras length:u8 | data type:u8 | vbucket (status):u16 |
 *   total body length:u32 | opaque:u32 | cas:u64
 * then extras, key and value, which together make up the body.
 */
export const HEADER_LENGTH = 24;
export const REQUEST_MAGIC = 0x80;
export const RESPONSE_MAGIC = 0x81;

export interface Header {
  readonly opcode: number;
  readonly keyLength: number;
  readonly extrasLength: number;
  readonly opaque: number;
  /** Header plus body. */
  readonly frameLength: number;
}

export type HeaderResult = Header | { readonly need: number } | { readonly error: OpError };

/**
 * The header at the start of `r`, checked: the magic of the direction (a request's 0x80 or a
 * response's 0x81, where Cilium took anything from 0x80 up in both), extras and key inside the body,
 * and the body within `maxBody`. Asks for more until the extras and key are there too, since the key is
 * what rules and logs need; the value never has to be.
 */
export function readHeader(r: SliceReader, magic: number, maxBody: number): HeaderResult {
  if (r.length < HEADER_LENGTH) return { need: HEADER_LENGTH - r.length };
  if (r.u8(0) !== magic) return { error: OpError.INVALID_FRAME_TYPE };
  const keyLength = r.u16(2);
  const extrasLength = r.u8(4);
  const bodyLength = r.u32(8);
  if (extrasLength + keyLength > bodyLength || bodyLength > maxBody) return { error: OpError.INVALID_FRAME_LENGTH };
  const keyEnd = HEADER_LENGTH + extrasLength + keyLength;
  if (r.length < keyEnd) return { need: keyEnd - r.length };
  return { opcode: r.u8(1), keyLength, extrasLength, opaque: r.u32(12), frameLength: HEADER_LENGTH + bodyLength };
}

/** The key of a packet as a byte string (latin1): `packet[24 + extras, 24 + extras + key)`. */
export function readKey(r: SliceReader, extrasLength: number, keyLength: number): string {
  const start = HEADER_LENGTH + extrasLength;
  return r.string(start, start + keyLength);
}
