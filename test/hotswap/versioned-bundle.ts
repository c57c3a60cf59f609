/**
 * The parser bundle the hot-swap tests publish, built in several versions (build-bundle.ts sets
 * BUNDLE_VERSION and BUNDLE_MIGRATES). Its protocol, test.versioned, is line based: the request line
 * "VERSION" is dropped and answered with "<version> <n>", where n counts the request lines this
 * connection sent so far (parser state a migration must carry over); every other line passes both ways.
 * Rules `{ cmd }` allow request lines starting with cmd; a denied line is dropped and answered "DENIED".
 */
import type { Parser, ParserModule } from '../../src/framework/parser.ts';
import { PolicyError } from '../../src/framework/parser.ts';
import { drop, more, NOP, pass } from '../../src/framework/types.ts';

declare const BUNDLE_VERSION: string;
declare const BUNDLE_MIGRATES: boolean;

interface VersionedParser extends Parser {
  readonly version: string;
  lines: number;
}

const encoder = new TextEncoder();

function versionedParser(conn: Parameters<ParserModule['create']>[0], lines: number): VersionedParser {
  return {
    version: BUNDLE_VERSION,
    lines,
    onData(reply, _endStream, input) {
      const newline = input.indexOf(0x0a);
      if (newline < 0) return input.length > 0 ? more(1) : NOP;
      const length = newline + 1;
      if (reply) return pass(length);
      this.lines++;
      const line = input.string(0, newline);
      if (!conn.matches(line)) {
        conn.inject(true, encoder.encode('DENIED\n'));
        return drop(length);
      }
      if (line !== 'VERSION') return pass(length);
      conn.inject(true, encoder.encode(`${BUNDLE_VERSION} ${this.lines}\n`));
      return drop(length);
    },
  };
}

const versioned: ParserModule<string> = {
  name: 'test.versioned',
  create: (conn) => versionedParser(conn, 0),
  parseRules(rule) {
    const allow = rule.l7Rules?.l7AllowRules ?? [];
    return allow.map(({ rule: fields }) => {
      const cmd = fields.cmd;
      if (cmd === undefined) throw new PolicyError('INVALID_L7_RULE', `test.versioned ${BUNDLE_VERSION}: a rule needs "cmd"`);
      return { matches: (line: string) => line.startsWith(cmd) };
    });
  },
  ...(BUNDLE_MIGRATES ? {
    migrate(previous: Parser, conn: Parameters<ParserModule['create']>[0]) {
      return versionedParser(conn, (previous as Partial<VersionedParser>).lines ?? 0);
    },
  } : {}),
};

export const parsers = [versioned];
