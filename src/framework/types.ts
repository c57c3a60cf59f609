/**
 * Wire values of the libcilium ABI (names and numbers as in Cilium's types.h) and the verdict a
 * parser returns from one call.
 * @module
 */

/** What to do with the next bytes of the input (FilterOpType). NOP never leaves the library. */
export enum Op {
  /** Call again once at least `n` more bytes have arrived; ends the call's loop. */
  MORE = 0,
  /** Let the next `n` bytes through. */
  PASS = 1,
  /** Remove the next `n` bytes from the stream. */
  DROP = 2,
  /** Emit `n` bytes from this direction's inject buffer at this point of the stream. */
  INJECT = 3,
  /** Protocol error; `n` is an {@link OpError} code. Envoy closes the connection. */
  ERROR = 4,
  /** "Nothing to do now": ends the OnData loop without recording an op. */
  NOP = 256,
}

/** The code an ERROR op carries in its length field (FilterOpError). */
export enum OpError {
  /** An op length that cannot be applied. */
  INVALID_OP_LENGTH = 1,
  /** A frame of a kind the protocol does not allow here (an unknown command or opcode). */
  INVALID_FRAME_TYPE = 2,
  /** A length field that is malformed or over the parser's limit. */
  INVALID_FRAME_LENGTH = 3,
}

/** Result of OnNewConnection and OnData. Parsers never return one; tests check them. */
export enum FilterResult {
  OK = 0,
  /** `create` returned null (or threw): the connection is rejected. */
  POLICY_DROP = 1,
  /** The parser threw, answered an invalid verdict, or was stopped (loop, heap, exit). */
  PARSER_ERROR = 2,
  /** No parser of that name (`l7_proto`) is registered. */
  UNKNOWN_PARSER = 3,
  /** OnData for a connection the library does not know. */
  UNKNOWN_CONNECTION = 4,
  /** The destination address has no valid port. */
  INVALID_ADDRESS = 5,
  /** OnNewConnection for a module instance that does not exist. */
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
  /** A byte count (> 0), or for ERROR the {@link OpError} code. */
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
