import { HEADER_LENGTH, REQUEST_MAGIC, RESPONSE_MAGIC } from './header.ts';
import { OPCODE_NOOP } from './opcodes.ts';

const MESSAGE = Uint8Array.from('access denied', (c) => c.charCodeAt(0));
/** Cilium's status for a denial (0x0008; the binary protocol document calls it an authentication error). */
const STATUS_DENIED = 0x0008;

/**
 * The reply to a denied request: a response header with status 0x0008 and the body "access denied"
 * (Cilium's 37-byte DeniedMsgBase), echoing the request's opcode and opaque, which Cilium left at 0:
 * clients match replies to requests by them.
 */
export function deniedReply(opcode: number, opaque: number): Uint8Array {
  const bytes = new Uint8Array(HEADER_LENGTH + MESSAGE.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = RESPONSE_MAGIC;
  bytes[1] = opcode;
  view.setUint16(6, STATUS_DENIED);
  view.setUint32(8, MESSAGE.length);
  view.setUint32(12, opaque);
  bytes.set(MESSAGE, HEADER_LENGTH);
  return bytes;
}

/** The opaque of the proxy's barrier NOOP ("cilm"), so its reply is recognised. */
export const BARRIER_OPAQUE = 0x63696c6d;

/** A NOOP sent to the server in place of a denied request when replies cannot be counted (ReplyQueue). */
export const BARRIER_REQUEST: Uint8Array = (() => {
  const bytes = new Uint8Array(HEADER_LENGTH);
  bytes[0] = REQUEST_MAGIC;
  bytes[1] = OPCODE_NOOP;
  new DataView(bytes.buffer).setUint32(12, BARRIER_OPAQUE);
  return bytes;
})();
