import type { Parser, ParserModule } from '../../framework/parser.ts';
import { NOP, pass } from '../../framework/types.ts';

/**
 * test.passer: passes everything it is given, in both directions, in one PASS per call. Never looks at
 * the policy and logs nothing. Rejects connections whose policy name is "invalid-policy".
 */
export const passer: ParserModule = {
  name: 'test.passer',
  create(conn) {
    return conn.policyName === 'invalid-policy' ? null : passEverything;
  },
};

/** Stateless, so one parser serves every connection. */
const passEverything: Parser = {
  onData(_reply, _endStream, input) {
    return input.length === 0 ? NOP : pass(input.length);
  },
};
