import { Buffer } from 'node:buffer';
import { HEADER_SIZE, Opcode, type FrameHeader } from './frame.ts';

/**
 * The ERROR frames we send the client in place of the server's answer:
 *
 *   header (response version, flags 0, the request's stream, opcode ERROR, length) | code:[int] | …
 */
const UNAUTHORIZED = 0x2100;
const UNPREPARED = 0x2500;
const PROTOCOL_ERROR = 0x000a;

/** Unauthorized, "Request Unauthorized" (Cilium's exact bytes: the version keeps the request's low 3 bits). */
export function unauthorized(h: FrameHeader): Uint8Array {
  return errorFrame(0x80 | (h.versionByte & 0x07), h.stream, UNAUTHORIZED, stringField('Request Unauthorized'));
}

/** Unprepared, with the unknown id as [short bytes]: drivers prepare the statement again and retry. */
export function unprepared(h: FrameHeader, id: Uint8Array): Uint8Array {
  const detail = Buffer.alloc(2 + id.length);
  detail.writeUInt16BE(id.length, 0);
  detail.set(id, 2);
  return errorFrame(0x80 | h.versionByte, h.stream, UNPREPARED, detail);
}

/** The highest protocol version we read; answers to other versions are written in it. */
export const HIGHEST_VERSION = 4;

/**
 * Protocol error in Cassandra's wording for a version it does not speak: drivers recognise the text
 * and reconnect with a lower version.
 */
export function unsupportedVersion(h: FrameHeader): Uint8Array {
  const message = `Invalid or unsupported protocol version (${h.version}); supported versions are (3/v3, 4/v4)`;
  return errorFrame(0x80 | HIGHEST_VERSION, h.stream, PROTOCOL_ERROR, stringField(message));
}

/** Protocol error for a request we refuse to carry (e.g. one asking for compression). */
export function protocolError(h: FrameHeader, message: string): Uint8Array {
  return errorFrame(0x80 | h.version, h.stream, PROTOCOL_ERROR, stringField(message));
}

function stringField(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  out.set(bytes, 2);
  return out;
}

function errorFrame(versionByte: number, stream: number, code: number, detail: Uint8Array): Uint8Array {
  const frame = Buffer.alloc(HEADER_SIZE + 4 + detail.length);
  frame[0] = versionByte & 0xff;
  frame[1] = 0;
  frame.writeInt16BE(stream, 2);
  frame[4] = Opcode.ERROR;
  frame.writeUInt32BE(4 + detail.length, 5);
  frame.writeInt32BE(code, HEADER_SIZE);
  frame.set(detail, HEADER_SIZE + 4);
  return new Uint8Array(frame.buffer, frame.byteOffset, frame.length);
}
