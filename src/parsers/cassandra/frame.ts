import type { SliceReader } from '../../framework/slice-reader.ts';

/**
 * CQL native protocol frame header (v3 and later; v1/v2 used an 8-byte header):
 *
 *   version:u8 (0x80 = response) | flags:u8 | stream:i16 | opcode:u8 | length:u32 | body[length]
 */
export const HEADER_SIZE = 9;

/** flags */
export const FLAG_COMPRESSION = 0x01;
export const FLAG_TRACING = 0x02;
export const FLAG_CUSTOM_PAYLOAD = 0x04;
export const FLAG_WARNING = 0x08;

/** The protocol's own ceiling on a frame body (256 MiB). */
export const MAX_BODY = 256 * 1024 * 1024;

/** Opcodes. */
export const Opcode = {
  ERROR: 0x00,
  STARTUP: 0x01,
  READY: 0x02,
  AUTHENTICATE: 0x03,
  OPTIONS: 0x05,
  SUPPORTED: 0x06,
  QUERY: 0x07,
  RESULT: 0x08,
  PREPARE: 0x09,
  EXECUTE: 0x0a,
  REGISTER: 0x0b,
  EVENT: 0x0c,
  BATCH: 0x0d,
  AUTH_CHALLENGE: 0x0e,
  AUTH_RESPONSE: 0x0f,
  AUTH_SUCCESS: 0x10,
} as const;

export interface FrameHeader {
  /** The version byte as sent (direction bit included). */
  versionByte: number;
  /** The protocol version, without the direction bit. */
  version: number;
  isResponse: boolean;
  flags: number;
  stream: number;
  opcode: number;
  bodyLength: number;
  /** Header plus body. */
  frameLength: number;
}

/** The header at the start of `r`, or the number of bytes still missing. */
export function readHeader(r: SliceReader): FrameHeader | number {
  if (r.length < HEADER_SIZE) return HEADER_SIZE - r.length;
  const versionByte = r.u8(0);
  const bodyLength = r.u32(5);
  return {
    versionByte,
    version: versionByte & 0x7f,
    isResponse: (versionByte & 0x80) !== 0,
    flags: r.u8(1),
    stream: r.i16(2),
    opcode: r.u8(4),
    bodyLength,
    frameLength: HEADER_SIZE + bodyLength,
  };
}
