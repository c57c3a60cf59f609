/**
 * example.linecount: a parser that can take over open connections when a new parser bundle goes live
 * (docs/writing-a-parser.md, "Hot swap"). Requests are LF-terminated lines; a rule `{maxRequests: "N"}`
 * allows the first N requests of a connection and denies the rest. The count is per connection, so a
 * new version that started every open connection from zero would hand each one a fresh allowance:
 * `migrate` carries it over.
 */
import type { Connection } from '../../src/framework/connection.ts';
import { PolicyError, type L7Rule, type Parser, type ParserModule, type PortNetworkPolicyRule } from '../../src/framework/parser.ts';
import type { SliceReader } from '../../src/framework/slice-reader.ts';
import { drop, more, NOP, pass, type Verdict } from '../../src/framework/types.ts';
import { compileGenericL7Rules } from '../../src/policy/generic-l7-rules.ts';

const NAME = 'example.linecount';
const LF = 0x0a;

/** What Connection.matches() sees: the request's ordinal on its connection (1, 2, …). */
export interface CountedRequest {
  readonly ordinal: number;
}

/** What one version's parser hands to the next: plain data with a version number, never a class. */
export interface LineCountHandover {
  readonly stateVersion: 1;
  /** Requests seen so far on the connection. */
  readonly requests: number;
}

export class LineCountParser implements Parser {
  private requests: number;

  constructor(private readonly conn: Connection, from?: LineCountHandover) {
    this.requests = from?.requests ?? 0;
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    if (input.length === 0) return NOP;
    const lf = input.indexOf(LF);
    if (lf < 0) return more(1);
    if (reply) return pass(lf + 1);
    const request: CountedRequest = { ordinal: ++this.requests };
    const allowed = this.conn.matches(request);
    this.conn.log(allowed ? 'Request' : 'Denied', { genericL7: { proto: NAME, fields: { ordinal: String(request.ordinal) } } });
    return allowed ? pass(lf + 1) : drop(lf + 1);
  }

  /** The state the next version's migrate() reads. */
  handover(): LineCountHandover {
    return { stateVersion: 1, requests: this.requests };
  }
}

class MaxRequests implements L7Rule<CountedRequest> {
  constructor(private readonly max: number) {}

  matches(request: CountedRequest): boolean {
    return request.ordinal <= this.max;
  }
}

function parseLineCountRules(rule: PortNetworkPolicyRule): Array<L7Rule<CountedRequest>> | null {
  return compileGenericL7Rules(rule, NAME, (fields) => {
    const max = fields.maxRequests ?? '';
    if (Object.keys(fields).some((key) => key !== 'maxRequests') || !/^[0-9]+$/.test(max)) {
      throw new PolicyError('INVALID_L7_RULE', `${NAME}: expected {maxRequests: "<count>"}, got ${JSON.stringify(fields)}`);
    }
    return new MaxRequests(Number(max));
  });
}

export const lineCount: ParserModule<CountedRequest> = {
  name: NAME,
  create: (conn) => new LineCountParser(conn),
  parseRules: parseLineCountRules,
  migrate(previous, conn) {
    // `previous` comes from the old bundle: its class is not this bundle's LineCountParser, so
    // `instanceof` cannot work. Read only what the old version promised, and check it.
    const handover = (previous as { handover?: unknown }).handover;
    if (typeof handover !== 'function') return null; // a version without handover: it keeps the connection
    const state = handover.call(previous) as Partial<LineCountHandover>;
    if (state.stateVersion !== 1 || !Number.isSafeInteger(state.requests)) return null;
    return new LineCountParser(conn, { stateVersion: 1, requests: state.requests! });
  },
};

/** The parser bundle's exports: its modules, and the check that runs before it may go live. */
export const parsers: ParserModule[] = [lineCount];

export function selfCheck(): void {
  const rule = { l7Proto: NAME, httpRules: null, kafkaRules: null,
                 l7Rules: { l7AllowRules: [{ name: '', rule: { maxRequests: '2' }, metadataRule: [] }], l7DenyRules: [] } };
  const [max] = parseLineCountRules(rule as unknown as PortNetworkPolicyRule) ?? [];
  if (max === undefined || !max.matches({ ordinal: 2 }) || max.matches({ ordinal: 3 })) {
    throw new Error(`${NAME}: maxRequests 2 does not allow exactly two requests`);
  }
}
