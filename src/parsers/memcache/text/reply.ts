import type { SliceReader } from '../../../framework/slice-reader.ts';
import { contentEnd, type LineFinder } from './line.ts';
import { parseLength } from './numbers.ts';
import { tokenize } from './tokens.ts';

/**
 * Text replies, framed from their own shape (memcached sends lines ending in LF, usually CRLF):
 *   VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n … END\r\n   get, gets, gat, gats (a miss is END alone)
 *   VA <bytes> <flag>*\r\n<data>\r\n                             mg, ma with a value
 *   STAT / ITEM / PREFIX / key=… lines … END                     stats, stats cachedump/detail, lru_crawler metadump
 *   mg <key> lines … EN                                          lru_crawler mgdump
 *   any other line                                               everything else (STORED, HD, 42, ERROR, …)
 */
export interface ReplyUnit {
  /** Position just past the unit: past the line, and past the data block a VALUE or VA line announces. */
  readonly end: number;
  readonly tokens: readonly string[];
  readonly first: string;
}

/** `readUnit` results besides a unit. */
export const MALFORMED = -3;

/** A frame: one unit, or units up to a terminator. */
export const SINGLE = 0;
export const VALUES = 1;
export const LIST = 2;
export const MGDUMP = 3;
export type FrameKind = typeof SINGLE | typeof VALUES | typeof LIST | typeof MGDUMP;

/** Where a unit stands relative to the open frame. */
export const INSIDE = 0;
export const LAST = 1;
export const OUTSIDE = 2;

/**
 * The reply unit starting at `at`, or NO_LINE_YET / LINE_TOO_LONG (from the finder) / MALFORMED (a
 * VALUE or VA line whose length memcached would never send). The data block may extend past the input.
 */
export function readUnit(input: SliceReader, at: number, streamOffset: number, lines: LineFinder,
                         maxValue: number): ReplyUnit | number {
  const lf = lines.find(input, at, streamOffset);
  if (lf < 0) return lf;
  const tokens = tokenize(input.string(at, contentEnd(input, at, lf)));
  const first = tokens[0] ?? '';
  let end = lf + 1;
  if (first === 'VALUE' || first === 'VA') {
    const lengthToken = first === 'VALUE' ? tokens[3] : tokens[1];
    if ((first === 'VALUE' && (tokens.length < 4 || tokens.length > 5)) || lengthToken === undefined) return MALFORMED;
    const length = parseLength(lengthToken, maxValue);
    if (length < 0) return MALFORMED;
    end += length + 2;
  }
  return { end, tokens, first };
}

export function isErrorLine(first: string): boolean {
  return first === 'ERROR' || first === 'CLIENT_ERROR' || first === 'SERVER_ERROR';
}

/** The frame a unit opens when it is the first of a reply. */
export function frameKind(first: string): FrameKind {
  if (first === 'VALUE' || first === 'END') return first === 'VALUE' ? VALUES : SINGLE;
  if (first === 'STAT' || first === 'ITEM' || first === 'PREFIX' || first.startsWith('key=')) return LIST;
  if (first === 'mg') return MGDUMP;
  return SINGLE;
}

/** Whether a unit continues the open frame, ends it, or cannot belong to it (the frame ended before it). */
export function placeInFrame(kind: FrameKind, first: string): typeof INSIDE | typeof LAST | typeof OUTSIDE {
  if (isErrorLine(first)) return LAST;
  switch (kind) {
    case VALUES: return first === 'VALUE' ? INSIDE : first === 'END' ? LAST : OUTSIDE;
    case LIST: return first === 'END' ? LAST : INSIDE;
    case MGDUMP: return first === 'EN' ? LAST : INSIDE;
    default: return LAST;
  }
}

/** Meta reply codes (HD, VA, EN, NF, NS, EX, ME); MN answers only `mn`, which is never quiet. */
const META_CODE = /^[A-Z]{2}$/;

export function isMetaReply(first: string): boolean {
  return META_CODE.test(first) && first !== 'MN';
}

/** The value of a meta reply's O (opaque) flag, or null. */
export function replyOpaque(unit: ReplyUnit): string | null {
  for (let i = 1; i < unit.tokens.length; i++) if (unit.tokens[i].startsWith('O')) return unit.tokens[i].slice(1);
  return null;
}
