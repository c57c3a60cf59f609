import type { Connection } from '../../framework/connection.ts';
import type { Parser, ParserModule } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, more, NOP, pass, type Verdict } from '../../framework/types.ts';
import { parseHeaderRules } from './header-rules.ts';
import { lineLength } from './line.ts';

/**
 * test.headerparser: frames are lines ending in '\n'. A request line the policy allows passes; any
 * other request line is dropped, and "Line dropped: <line>" is sent back to the client. Reply lines
 * always pass. Every line is logged (Request, status PASS — replies too — or Denied, status DROP).
 * Rules: see header-rules.ts, e.g. l7_allow_rules { rule { key: "prefix" value: "Beginning" } }.
 */
export const headerparser: ParserModule<string> = {
  name: 'test.headerparser',
  create: (conn) => new HeaderParser(conn),
  parseRules: parseHeaderRules,
};

const DROPPED_PREFIX = Uint8Array.from('Line dropped: ', (c) => c.charCodeAt(0));

class HeaderParser implements Parser {
  constructor(private readonly conn: Connection) {}

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const length = lineLength(input);
    if (length < 0) return input.length > 0 ? more(1) : NOP;
    if (reply || this.conn.matches(input.string(0, length))) {
      this.log('Request', 'PASS');
      return pass(length);
    }
    // Two injects copy exactly what one of the joined message would: what fits, in order.
    this.conn.inject(!reply, DROPPED_PREFIX);
    this.conn.inject(!reply, input.view(0, length));
    this.log('Denied', 'DROP');
    return drop(length);
  }

  private log(entryType: 'Request' | 'Denied', status: string): void {
    this.conn.log(entryType, { genericL7: { proto: 'test.headerparser', fields: { status } } });
  }
}
