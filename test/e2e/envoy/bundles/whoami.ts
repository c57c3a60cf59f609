/**
 * Parser bundle (the `parser-bundle` parameter) with test.whoami: a line parser that answers the request
 * line "WHO" with "ISOLATE <token>", a token drawn once per isolate when the bundle loads there, and
 * passes every other line both ways. Connections served by different isolates see different tokens.
 */
import type { Parser, ParserModule } from '../../../../src/framework/parser.ts';
import { drop, more, NOP, pass } from '../../../../src/framework/types.ts';
import { lineLength } from '../../../../src/parsers/test/line.ts';

const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

const whoami: ParserModule = {
  name: 'test.whoami',
  create(conn): Parser {
    return {
      onData(reply, _endStream, input) {
        const length = lineLength(input);
        if (length < 0) return input.length > 0 ? more(1) : NOP;
        if (!reply && input.string(0, length).trim() === 'WHO') {
          conn.inject(true, new TextEncoder().encode(`ISOLATE ${token}\n`));
          return drop(length);
        }
        return pass(length);
      },
    };
  },
};

export const parsers = [whoami];
