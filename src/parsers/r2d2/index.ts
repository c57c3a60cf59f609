import type { ParserModule } from '../../framework/parser.ts';
import { R2d2Parser, type R2d2Limits } from './parser.ts';
import type { R2d2Request } from './request.ts';
import { parseR2d2Rules } from './rules.ts';

/**
 * r2d2: a toy line protocol. Requests are `READ <file>`, `WRITE <file>`, `HALT` or `RESET`, each ending
 * in CRLF; the server answers every request with one CRLF-terminated line. Rules match the command
 * exactly and the file with a Go RE2 regex (unanchored), e.g.
 *   l7_proto: "r2d2", l7_rules { l7_allow_rules { rule { key: "cmd" value: "READ" } rule { key: "file" value: "^/public/" } } }
 * A denied request is dropped and the client gets `ERROR\r\n` in its place, after the replies to the
 * requests before it.
 */
export const DEFAULT_R2D2_LIMITS: Readonly<R2d2Limits> = Object.freeze({
  maxLineBytes: 64 * 1024,
  maxWaitingDenials: 4096,
});

/** The r2d2 module with other limits (e.g. for a parser bundle that needs longer lines). */
export function createR2d2Module(limits: Partial<R2d2Limits> = {}): ParserModule<R2d2Request> {
  const effective: R2d2Limits = { ...DEFAULT_R2D2_LIMITS, ...limits };
  return {
    name: 'r2d2',
    create: (conn) => new R2d2Parser(conn, effective),
    parseRules: parseR2d2Rules,
  };
}

export const r2d2: ParserModule<R2d2Request> = createR2d2Module();
