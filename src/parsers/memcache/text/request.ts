import { OpError } from '../../../framework/types.ts';
import type { MemcacheRequest } from '../request.ts';
import { parseMeta } from './meta.ts';
import { isInt32, isUint32, isUint64, parseLength } from './numbers.ts';
import { tokenize } from './tokens.ts';

/** What the server sends back for a request: one reply, maybe none (noreply, quiet), none, or a stream. */
export type ReplyExpectation = 'one' | 'maybe' | 'none' | 'watch';

export interface TextRequest extends MemcacheRequest {
  readonly command: string;
  /** The command as sent (what the access log shows). */
  readonly token: string;
  /** Length of the data block after the line (storage commands, `ms`); -1 when there is none. */
  readonly dataLength: number;
  readonly reply: ReplyExpectation;
  /** Meta commands: the value of the `O` (opaque) flag the server echoes, or null. */
  readonly opaque: string | null;
  readonly meta: boolean;
}

export interface LineError {
  readonly error: OpError;
  readonly reason: string;
}

/** memcached's KEY_MAX_LENGTH. */
export const MAX_KEY = 250;

interface Classic {
  /** Allowed token counts, the command included. */
  min: number;
  max: number;
  /** Where the keys are: none, token 1, or every token from 1 (get) or 2 (gat, after the exptime). */
  keys: 'none' | 'one' | 'from1' | 'from2';
  /** Storage commands: the line announces a data block. */
  storage?: 'set' | 'cas';
  /** The last token may be `noreply` once the line has at least this many tokens (memcached's rule). */
  noreply?: number;
  reply?: ReplyExpectation;
}

const ANY = Number.POSITIVE_INFINITY;
const SET: Classic = { min: 5, max: 6, keys: 'one', storage: 'set', noreply: 1 };
const ONE_KEY_NOREPLY = (min: number, max: number, noreply = 1): Classic => ({ min, max, keys: 'one', noreply });

/**
 * The classic commands memcached 1.6 accepts, with its token counts. Every other command (meta ones
 * aside) closes the connection, as in Cilium: the proxy cannot know how the server would frame it.
 */
const CLASSIC = new Map<string, Classic>([
  ['get', { min: 2, max: ANY, keys: 'from1' }],
  ['gets', { min: 2, max: ANY, keys: 'from1' }],
  ['gat', { min: 3, max: ANY, keys: 'from2' }],
  ['gats', { min: 3, max: ANY, keys: 'from2' }],
  ['set', SET], ['add', SET], ['replace', SET], ['append', SET], ['prepend', SET],
  ['cas', { min: 6, max: 7, keys: 'one', storage: 'cas', noreply: 1 }],
  ['incr', ONE_KEY_NOREPLY(3, 4)],
  ['decr', ONE_KEY_NOREPLY(3, 4)],
  ['touch', ONE_KEY_NOREPLY(3, 4)],
  // `delete noreply` deletes the key "noreply" and is answered: memcached looks for noreply from 3 tokens.
  ['delete', ONE_KEY_NOREPLY(2, 4, 3)],
  ['flush_all', { min: 1, max: 3, keys: 'none', noreply: 1 }],
  ['verbosity', { min: 2, max: 3, keys: 'none', noreply: 1 }],
  ['cache_memlimit', { min: 2, max: 3, keys: 'none', noreply: 1 }],
  ['version', { min: 1, max: ANY, keys: 'none' }],
  ['quit', { min: 1, max: ANY, keys: 'none', reply: 'none' }],
  ['stats', { min: 1, max: ANY, keys: 'none' }],
  ['slabs', { min: 1, max: ANY, keys: 'none' }],
  ['lru', { min: 1, max: ANY, keys: 'none' }],
  ['lru_crawler', { min: 1, max: ANY, keys: 'none' }],
  ['misbehave', { min: 1, max: ANY, keys: 'none' }],
  ['watch', { min: 1, max: ANY, keys: 'none', reply: 'watch' }],
]);

const META = new Set(['mg', 'ms', 'md', 'ma', 'mn', 'me']);

/** Parses a request line (latin1, without its line ending). */
export function parseRequestLine(line: string, maxValue: number): TextRequest | LineError {
  const tokens = tokenize(line);
  if (tokens.length === 0) return { error: OpError.INVALID_FRAME_TYPE, reason: 'empty line' };
  const token = tokens[0];
  if (META.has(token)) return parseMeta(tokens, maxValue);
  const spec = CLASSIC.get(token);
  if (spec === undefined) return { error: OpError.INVALID_FRAME_TYPE, reason: `unknown command "${token}"` };
  if (tokens.length < spec.min || tokens.length > spec.max) {
    return { error: OpError.INVALID_FRAME_TYPE, reason: `${token}: wrong number of arguments` };
  }
  let dataLength = -1;
  if (spec.storage !== undefined) {
    dataLength = storageDataLength(tokens, spec.storage === 'cas', maxValue);
    if (dataLength < 0) return { error: OpError.INVALID_FRAME_LENGTH, reason: `${token}: malformed storage line` };
  }
  // noreply is the word itself in last place (Cilium counted tokens, so `set k 0 0 5 x` lost its reply).
  const noreply = spec.noreply !== undefined && tokens.length >= spec.noreply && tokens[tokens.length - 1] === 'noreply';
  return {
    command: token,
    token,
    opcode: -1,
    keys: keysOf(tokens, spec),
    dataLength,
    reply: spec.reply ?? (noreply ? 'maybe' : 'one'),
    opaque: null,
    meta: false,
  };
}

function keysOf(tokens: string[], spec: Classic): string[] {
  switch (spec.keys) {
    case 'none': return [];
    case 'one': return [tokens[1]];
    case 'from1': return tokens.slice(1);
    case 'from2': return tokens.slice(2);
  }
}

/**
 * `<cmd> <key> <flags> <exptime> <bytes> [<cas>] [noreply]`: the data block length, or -1 when any
 * field is one memcached rejects. memcached answers such a line with an error *without* reading the data
 * block, so the block's bytes would be read as commands: the proxy must never frame one there.
 */
function storageDataLength(tokens: string[], cas: boolean, maxValue: number): number {
  if (tokens[1].length > MAX_KEY || !isUint32(tokens[2]) || !isInt32(tokens[3])) return -1;
  if (cas && !isUint64(tokens[5])) return -1;
  return parseLength(tokens[4], maxValue);
}
