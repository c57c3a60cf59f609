import type { SliceReader } from '../../framework/slice-reader.ts';
import { FLAG_CUSTOM_PAYLOAD, HEADER_SIZE, Opcode, type FrameHeader } from './frame.ts';
import { BodyReader } from './notation.ts';

/**
 * What a request frame asks for, as far as policy cares. Bodies (v3/v4):
 *
 *   QUERY    [long string] query, <query parameters>
 *   PREPARE  [long string] query
 *   EXECUTE  [short bytes] id, <query parameters>
 *   BATCH    type:u8, n:[short], n × (kind:u8 (0: [long string] query | 1: [short bytes] id),
 *            values: [short] count, count × [value]), consistency:[short], flags:u8, …
 *   STARTUP  [string map] options
 *
 * With the custom-payload flag, a [bytes map] comes first. Only what decides the request is read:
 * the parameters after a query or id change nothing the policy sees, and the server rejects them if
 * they are wrong; the entries of a batch are read exactly, since each one's values decide where the
 * next one starts.
 */
export type BatchEntry = { query: string } | { id: Uint8Array };

export type RequestBody =
  | { kind: 'query' | 'prepare'; query: string }
  | { kind: 'execute'; id: Uint8Array }
  | { kind: 'batch'; entries: BatchEntry[] }
  | { kind: 'startup'; options: Map<string, string> }
  /** OPTIONS, REGISTER, AUTH_RESPONSE: nothing the policy can name. */
  | { kind: 'control' }
  /** Lengths that do not fit the frame, or an opcode a client never sends. */
  | { kind: 'malformed' };

const MALFORMED: RequestBody = { kind: 'malformed' };
const CONTROL: RequestBody = { kind: 'control' };

/** Decodes the body of the complete request frame at the start of `r`. */
export function readRequest(r: SliceReader, h: FrameHeader): RequestBody {
  const body = new BodyReader(r, HEADER_SIZE, h.frameLength);
  if ((h.flags & FLAG_CUSTOM_PAYLOAD) !== 0) body.skipBytesMap();
  const decoded = decodeBody(body, h.opcode);
  return body.ok ? decoded : MALFORMED;
}

function decodeBody(body: BodyReader, opcode: number): RequestBody {
  switch (opcode) {
    case Opcode.QUERY:
      return { kind: 'query', query: body.longString() };
    case Opcode.PREPARE:
      return { kind: 'prepare', query: body.longString() };
    case Opcode.EXECUTE:
      return { kind: 'execute', id: body.shortBytes() };
    case Opcode.BATCH:
      return readBatch(body);
    case Opcode.STARTUP:
      return { kind: 'startup', options: body.stringMap() };
    case Opcode.OPTIONS:
    case Opcode.REGISTER:
    case Opcode.AUTH_RESPONSE:
      return CONTROL;
    default:
      return MALFORMED;
  }
}

const BATCH_QUERY = 0;
const BATCH_PREPARED = 1;

function readBatch(body: BodyReader): RequestBody {
  body.u8(); // LOGGED, UNLOGGED or COUNTER: the same checks apply to each
  const count = body.short();
  const entries: BatchEntry[] = [];
  for (let i = 0; i < count && body.ok; i++) {
    const kind = body.u8();
    if (kind === BATCH_QUERY) entries.push({ query: body.longString() });
    else if (kind === BATCH_PREPARED) entries.push({ id: body.shortBytes() });
    else return MALFORMED;
    const values = body.short();
    for (let v = 0; v < values && body.ok; v++) body.skipValue(true);
  }
  return { kind: 'batch', entries };
}
