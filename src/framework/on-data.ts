import type { Connection } from './connection.ts';
import { CallSlot, type NativeBridge } from './host.ts';
import { describeThrown, logPanic } from './panic.ts';
import type { Parser } from './parser.ts';
import type { SliceReader } from './slice-reader.ts';
import { FilterResult, Op, opName } from './types.ts';

/**
 * One OnData call: runs the parser over the call's input and writes the ops it decides into
 * bridge.ops, with the count in call[NOPS]. The loop is Cilium's (proxylib/connection.go):
 *
 * - it runs while the ops array has room, checked before each parser call (capacity 0: no call);
 * - NOP ends it without an op; MORE is recorded and ends it;
 * - PASS and DROP move the input forward (at most to its end) and the parser is called again, even
 *   with nothing left, so it can inject at the end of the input;
 * - INJECT leaves the input as it is and ends the loop once this direction's inject buffer is full, so
 *   the caller can flush it and call again;
 * - ERROR does not end it: the parser sees the same input again (Envoy closes on the first ERROR);
 * - an exception from the parser is caught: a Denied "Panic: …" access-log entry, PARSER_ERROR, and the
 *   ops recorded so far stay in the array.
 *
 * Where Cilium appended whatever the parser returned, a verdict that cannot be applied — n of 0 (which
 * Cilium also answers with PARSER_ERROR), n not a non-negative integer, an unknown op, or INJECT of more
 * bytes than the parser injected into this direction during the call — is treated like an exception.
 *
 * The reader's position is the framework's: whatever the parser does with advance() during one parser
 * call, the next call starts where the verdicts put it.
 */
export function runOnData(conn: Connection, parser: Parser, bridge: NativeBridge, input: SliceReader): FilterResult {
  const call = bridge.call;
  const ops = bridge.ops;
  const reply = call[CallSlot.REPLY] !== 0;
  const endStream = call[CallSlot.END_STREAM] !== 0;
  const capacity = call[CallSlot.OPS_CAP];
  let count = 0;
  input.startCall();
  conn.beginCall(reply);
  try {
    while (count < capacity) {
      const start = input.start;
      const verdict = parser.onData(reply, endStream, input);
      const op = verdict.op;
      const n = verdict.n;
      if (op === Op.NOP) break;
      const problem = verdictProblem(op, n, conn);
      if (problem !== null) {
        logPanic(conn, problem, bridge);
        call[CallSlot.NOPS] = count;
        return FilterResult.PARSER_ERROR;
      }
      ops[2 * count] = op;
      ops[2 * count + 1] = n;
      count++;
      input.seek(start);
      if (op === Op.MORE) break;
      if (op === Op.PASS || op === Op.DROP) input.advance(n);
      else if (op === Op.INJECT && conn.isInjectBufFull(reply)) break;
    }
  } catch (e) {
    logPanic(conn, describeThrown(e), bridge);
    call[CallSlot.NOPS] = count;
    return FilterResult.PARSER_ERROR;
  } finally {
    conn.endCall();
  }
  call[CallSlot.NOPS] = count;
  return FilterResult.OK;
}

/** Why a verdict cannot be applied, or null when it can. Claims the bytes an INJECT covers. */
function verdictProblem(op: Op, n: number, conn: Connection): string | null {
  if (op !== Op.MORE && op !== Op.PASS && op !== Op.DROP && op !== Op.INJECT && op !== Op.ERROR) {
    return `invalid verdict: unknown op ${String(op)}`;
  }
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    return `invalid verdict: ${opName(op)} ${String(n)}`;
  }
  if (op === Op.INJECT && !conn.claimInjected(n)) {
    return `invalid verdict: INJECT ${n} but the parser injected only ${conn.unclaimedInjectBytes} byte(s) into this direction`;
  }
  return null;
}
