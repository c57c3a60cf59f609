/**
 * Wire values of the libcilium ABI (names and numbers as in Cilium's types.h) and the verdict a
 * parser returns from one call.
 */

/** What to do with the next bytes of the input (FilterOpType). NOP never leaves the library. */
export enum Op {
  MORE = 0,
  PASS = 1,
  DROP = 2,
  INJECT = 3,
  ERROR = 4,
  /** "Nothing to do now": ends the OnData loop without recording an op. */
  NOP = 256,
}

/** The code an ERROR op carries in its length field (FilterOpError). */
export enum OpError {
  INVALID_OP_LENGTH = 1,
  INVALID_FRAME_TYPE = 2,
  INVALID_FRAME_LENGTH = 3,
}

/** Result of OnNewConnection and OnData. */
export enum FilterResult {
  OK = 0,
  POLICY_DROP = 1,
  PARSER_ERROR = 2,
  UNKNOWN_PARSER = 3,
  UNKNOWN_CONNECTION = 4,
  INVALID_ADDRESS = 5,
  INVALID_INSTANCE = 6,
  UNKNOWN_ERROR = 7,
}

/**
 * A parser's decision for the bytes at the start of its input. For ERROR, `n` is the OpError code
 * (as in the ABI's op array).
 *
 * The helpers below return one shared object that the next helper call overwrites, so a verdict costs
 * no allocation. Return it straight away; never keep one or build two before returning.
 */
export interface Verdict {
  readonly op: Op;
  readonly n: number;
}

const shared: { op: Op; n: number } = { op: Op.NOP, n: 0 };

function verdict(op: Op, n: number): Verdict {
  shared.op = op;
  shared.n = n;
  return shared;
}

/** Let `n` bytes through (they may extend past the input received so far). */
export function pass(n: number): Verdict {
  return verdict(Op.PASS, n);
}

/** Remove `n` bytes from the stream (they may extend past the input received so far). */
export function drop(n: number): Verdict {
  return verdict(Op.DROP, n);
}

/** Call again once at least `n` more bytes have arrived. Ends this call's loop. */
export function more(n: number): Verdict {
  return verdict(Op.MORE, n);
}

/** Emit `n` bytes this call injected into this direction's inject buffer, at this point of the stream. */
export function inject(n: number): Verdict {
  return verdict(Op.INJECT, n);
}

/** Protocol error: the caller closes the connection. */
export function error(code: OpError): Verdict {
  return verdict(Op.ERROR, code);
}

/** Nothing to decide with this input: ends the loop without an op. */
export const NOP: Verdict = Object.freeze({ op: Op.NOP, n: 0 });

/** Upper-case name of an op value, as Cilium prints it ("UNKNOWN_OP" for anything else). */
export function opName(op: number): string {
  return Op[op] ?? 'UNKNOWN_OP';
}
