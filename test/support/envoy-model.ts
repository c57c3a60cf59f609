/**
 * Envoy's side of one proxied connection (cilium-envoy's per-connection algorithm, as in
 * envoy-filter/connection.cc) in TypeScript over the in-memory bridge, for property tests that push
 * thousands of byte streams through a parser: carry-over PASS/DROP, the MORE gate, terminal ops, INJECT
 * bounds, the re-call loop while the ops or the inject buffer were full, and the empty reply-direction
 * call that flushes reverse injection after a request-direction call.
 *
 * A connection fails as Envoy fails it: on a non-OK OnData, an ERROR op, an op after a terminal one, an
 * INJECT longer than the injected bytes, or injected bytes left over. `reason` says which.
 */
import { FilterResult, Op } from '../../src/framework/types.ts';
import type { TestConnection } from '../../src/testing/harness.ts';

interface Side {
  buffer: Uint8Array;
  need: number;
  pass: number;
  drop: number;
}

export interface ModelOutput {
  /** Bytes that went on in the direction of the data. */
  out: Uint8Array;
  /** After request-direction data: bytes the reply side sent to the client in its flush call. */
  reverse: Uint8Array;
}

/** One OnData call as the model made it, for a caller that reports what the parser decided. */
export interface ModelCall {
  reply: boolean;
  /** Bytes of input the call saw. */
  input: number;
  result: FilterResult;
  ops: ReadonlyArray<[Op, number]>;
  /** What the call injected into its own direction. */
  injected: Uint8Array;
  /** What the call injected into the other direction (reverse injection, e.g. a denial for the client). */
  reverseInjected: Uint8Array;
}

export class EnvoyModel {
  private readonly sides: [Side, Side] = [newSide(), newSide()];
  /** Why the connection failed, or null while it is open. */
  reason: string | null = null;

  /** `injectCapacity`: the inject buffer size the connection was opened with (Envoy: 1024). */
  constructor(private readonly conn: TestConnection, private readonly injectCapacity = 1024, private readonly opsCapacity = 16,
              private readonly observe?: (call: ModelCall) => void) {}

  /** New bytes from the client (reply false) or the server (reply true). */
  data(reply: boolean, bytes: Uint8Array): ModelOutput {
    const out = this.process(reply, bytes);
    let reverse: Uint8Array = new Uint8Array(0);
    if (!reply && this.reason === null && this.conn.harness.bridge.injected(this.conn.slot, true).length > 0) {
      reverse = this.process(true, new Uint8Array(0));
    }
    return { out, reverse };
  }

  private process(reply: boolean, data: Uint8Array): Uint8Array {
    if (this.reason !== null) return new Uint8Array(0);
    const side = this.sides[reply ? 1 : 0];
    const out: Uint8Array[] = [];
    if (side.pass > 0) {
      if (side.pass > data.length) {
        side.pass -= data.length;
        return data;
      }
      out.push(data.subarray(0, side.pass));
      data = data.subarray(side.pass);
      side.pass = 0;
    } else if (side.drop > 0) {
      if (side.drop > data.length) {
        side.drop -= data.length;
        return new Uint8Array(0);
      }
      data = data.subarray(side.drop);
      side.drop = 0;
    }
    side.buffer = concat([side.buffer, data]);
    out.push(this.takeInjected(reply));
    if (side.buffer.length < side.need) return concat(out);
    side.need = 0;
    this.runParser(reply, side, out);
    return this.reason === null ? concat(out) : new Uint8Array(0);
  }

  private runParser(reply: boolean, side: Side, out: Uint8Array[]): void {
    const bridge = this.conn.harness.bridge;
    for (;;) {
      const reverseBefore = bridge.injected(this.conn.slot, !reply).length;
      const outcome = bridge.onData(this.conn.slot, reply, false, [side.buffer], this.opsCapacity);
      this.observe?.({ reply, input: side.buffer.length, result: outcome.result, ops: outcome.ops, injected: bridge.injected(this.conn.slot, reply),
                       reverseInjected: bridge.injected(this.conn.slot, !reply).subarray(reverseBefore) });
      if (outcome.result !== FilterResult.OK) return this.fail(`OnData returned ${FilterResult[outcome.result]}`);
      const injected = bridge.injected(this.conn.slot, reply);
      let injectedUsed = 0;
      let terminal = false;
      for (const [op, n] of outcome.ops) {
        if (terminal) return this.fail('op after a terminal op');
        if (n <= 0) return this.fail('op with a length of 0 or less');
        if (op === Op.MORE) {
          side.need = side.buffer.length + n;
          terminal = true;
        } else if (op === Op.PASS || op === Op.DROP) {
          const now = Math.min(n, side.buffer.length);
          if (op === Op.PASS) out.push(side.buffer.subarray(0, now));
          side.buffer = side.buffer.subarray(now);
          if (n > now) {
            if (op === Op.PASS) side.pass = n - now;
            else side.drop = n - now;
            terminal = true;
          }
        } else if (op === Op.INJECT) {
          if (injectedUsed + n > injected.length) return this.fail('INJECT of more bytes than were injected');
          out.push(injected.subarray(injectedUsed, injectedUsed + n));
          injectedUsed += n;
        } else {
          return this.fail(op === Op.ERROR ? `ERROR ${n}` : `unknown op ${op}`);
        }
      }
      if (injectedUsed !== injected.length) return this.fail('bytes abandoned in the inject buffer');
      const exhausted = injected.length > 0 && injected.length >= this.injectCapacity;
      bridge.clearInjected(this.conn.slot, reply);
      side.buffer = side.buffer.slice();
      if (terminal || !(outcome.ops.length === this.opsCapacity || exhausted)) return;
    }
  }

  /** Bytes injected into this direction while the other one was parsed go out first, at a frame boundary. */
  private takeInjected(reply: boolean): Uint8Array {
    const bridge = this.conn.harness.bridge;
    const bytes = bridge.injected(this.conn.slot, reply);
    bridge.clearInjected(this.conn.slot, reply);
    return bytes;
  }

  private fail(reason: string): void {
    this.reason = reason;
  }
}

function newSide(): Side {
  return { buffer: new Uint8Array(0), need: 0, pass: 0, drop: 0 };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const result = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    result.set(p, at);
    at += p.length;
  }
  return result;
}
