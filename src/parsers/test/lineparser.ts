import type { Connection } from '../../framework/connection.ts';
import type { Parser, ParserModule } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, error, inject, more, NOP, OpError, pass, type Verdict } from '../../framework/types.ts';
import { lineLength } from './line.ts';

/**
 * test.lineparser: frames are lines ending in '\n'; the first word decides. "PASS…" passes the line,
 * "DROP…" drops it, "INJECT…" sends the line back the way it came (reverse inject) and drops it,
 * "INSERT…" injects the line in its own direction and then drops the original; anything else is
 * ERROR INVALID_FRAME_TYPE. No policy, no logs. Used by Envoy's integration tests.
 */
export const lineparser: ParserModule = {
  name: 'test.lineparser',
  create: (conn) => new LineParser(conn),
};

class LineParser implements Parser {
  /** The previous verdict injected the current line: the original must be dropped next. */
  private inserted = false;

  constructor(private readonly conn: Connection) {}

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const complete = lineLength(input);
    const length = complete < 0 ? input.length : complete;
    if (this.inserted) {
      // Cilium drops whatever it has of the line here, complete or not.
      this.inserted = false;
      return drop(length);
    }
    if (complete < 0) return length > 0 ? more(1) : NOP;
    if (input.startsWith('PASS')) return pass(length);
    if (input.startsWith('DROP')) return drop(length);
    if (input.startsWith('INJECT')) {
      this.conn.inject(!reply, input.view(0, length));
      return drop(length);
    }
    if (input.startsWith('INSERT')) {
      this.conn.inject(reply, input.view(0, length));
      this.inserted = true;
      // The whole line, even if the buffer took less (Cilium's behaviour; Envoy then fails the connection).
      return inject(length);
    }
    return error(OpError.INVALID_FRAME_TYPE);
  }
}
