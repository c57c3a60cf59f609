import type { Connection } from '../../framework/connection.ts';
import type { Parser } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, error, more, NOP, OpError, pass, type Verdict } from '../../framework/types.ts';
import { OrderedDenials } from './denials.ts';
import { LINE_TOO_LONG, LineFinder, NO_LINE_YET } from './line.ts';
import { DENIED_REPLY } from './replies.ts';
import { logFields, parseRequest } from './request.ts';

export interface R2d2Limits {
  /** Longest line, CRLF included, either direction; a longer one closes the connection (ERROR). */
  maxLineBytes: number;
  /** Most denials that may wait for earlier replies; one more closes the connection. */
  maxWaitingDenials: number;
}

const REQUEST = 0;
const REPLY = 1;

/** One r2d2 connection: frames lines, checks requests against the policy, keeps denials in order. */
export class R2d2Parser implements Parser {
  private readonly lines: [LineFinder, LineFinder];
  /** Bytes each direction has passed or dropped so far (the stream offset of its next frame). */
  private readonly consumed = [0, 0];
  private readonly denials: OrderedDenials;
  /** Once a limit is exceeded the connection is over: every later call repeats the error. */
  private failed: OpError | null = null;

  constructor(private readonly conn: Connection, limits: R2d2Limits) {
    this.lines = [new LineFinder(limits.maxLineBytes), new LineFinder(limits.maxLineBytes)];
    this.denials = new OrderedDenials(DENIED_REPLY, limits.maxWaitingDenials);
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    if (this.failed !== null) return error(this.failed);
    if (reply) {
      // Denials that are due go out at a frame boundary, before the next reply line.
      const released = this.denials.release(this.conn);
      if (released !== null) return released;
      // Cilium answers MORE 1 here; Envoy would then skip the empty call that flushes reverse
      // injection, and a denial waiting in this direction would wait for the server's next byte.
      if (input.length === 0) return NOP;
    }
    const dir = reply ? REPLY : REQUEST;
    const length = this.lines[dir].find(input, this.consumed[dir]);
    if (length === NO_LINE_YET) return more(1);
    if (length === LINE_TOO_LONG) return this.fail(OpError.INVALID_FRAME_LENGTH);
    this.consumed[dir] += length;
    if (reply) {
      this.denials.answer();
      return pass(length);
    }
    return this.request(input, length);
  }

  private request(input: SliceReader, length: number): Verdict {
    const req = parseRequest(input.utf8(0, length - 2));
    const allowed = this.conn.matches(req);
    this.conn.log(allowed ? 'Request' : 'Denied', { genericL7: { proto: 'r2d2', fields: logFields(req) } });
    if (allowed) {
      this.denials.forward();
      return pass(length);
    }
    if (!this.denials.deny(this.conn)) return this.fail(OpError.INVALID_FRAME_LENGTH);
    return drop(length);
  }

  private fail(code: OpError): Verdict {
    this.failed = code;
    return error(code);
  }
}
