import type { SliceReader } from '../../framework/slice-reader.ts';
import { FLAG_CUSTOM_PAYLOAD, FLAG_TRACING, FLAG_WARNING, HEADER_SIZE, type FrameHeader } from './frame.ts';
import { BodyReader } from './notation.ts';

/**
 * The start of a RESULT reply, which is all the session needs from the server:
 *
 *   [tracing id: 16 bytes]? [warnings: string list]? [custom payload: bytes map]?   (as the flags say)
 *   kind:[int]   3 SetKeyspace: [string] keyspace   4 Prepared: [short bytes] id, metadata…
 *
 * Only that prefix is read; the rest of the frame (rows, metadata) is passed without being looked at.
 */
export type ResultInfo =
  /** The prefix is not all here yet: this many more input bytes are needed. */
  | { need: number }
  | { malformed: true }
  | { kind: 'set-keyspace'; keyspace: string }
  | { kind: 'prepared'; id: Uint8Array }
  | { kind: 'other' };

const SET_KEYSPACE = 3;
const PREPARED = 4;
const TRACING_ID_SIZE = 16;
const OTHER: ResultInfo = { kind: 'other' };

export function readResult(r: SliceReader, h: FrameHeader): ResultInfo {
  const available = Math.min(r.length, h.frameLength);
  const body = new BodyReader(r, HEADER_SIZE, available);
  if ((h.flags & FLAG_TRACING) !== 0) body.skip(TRACING_ID_SIZE);
  if ((h.flags & FLAG_WARNING) !== 0) body.skipStringList();
  if ((h.flags & FLAG_CUSTOM_PAYLOAD) !== 0) body.skipBytesMap();
  const kind = body.int();
  let info: ResultInfo = OTHER;
  if (kind === SET_KEYSPACE) info = { kind: 'set-keyspace', keyspace: body.string() };
  else if (kind === PREPARED) info = { kind: 'prepared', id: body.shortBytes() };
  if (body.ok) return info;
  if (body.needed > available && body.needed <= h.frameLength) return { need: body.needed - r.length };
  return { malformed: true };
}
