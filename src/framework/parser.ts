/**
 * The contract of a protocol parser: a {@link ParserModule} names the protocol, creates one
 * {@link Parser} per connection and compiles the protocol's L7 rules. The policy types a rule parser
 * reads and {@link PolicyError} are re-exported here. Guide: docs/writing-a-parser.md.
 * @module
 */
import type { Connection } from './connection.ts';
import type { SliceReader } from './slice-reader.ts';
import type { Verdict } from './types.ts';
import type { L7Rule } from '../policy/l7-rules.ts';
import type { PortNetworkPolicyRule } from '../policy/network-policy.ts';

export type { L7Rule, L7RuleParser } from '../policy/l7-rules.ts';
export type {
  KafkaNetworkPolicyRule, L7NetworkPolicyRule, L7NetworkPolicyRules, PortNetworkPolicyRule,
} from '../policy/network-policy.ts';
export { PolicyError } from '../policy/errors.ts';

/**
 * One connection's parser. The framework calls onData in a loop for each OnData call (see on-data.ts)
 * until it returns MORE or NOP, the ops array is full, or this direction's inject buffer is full. All
 * calls for one connection, both directions, come one at a time, so parser state needs no locking.
 */
export interface Parser {
  /**
   * Decides what to do with the bytes at the start of `input`, which always starts at a frame
   * boundary (the caller re-presents bytes not yet passed or dropped). `input` may be empty, notably
   * right after a PASS or DROP that used it up: return NOP (or MORE) then. `input` views Envoy's
   * buffers and is valid only during this call; copy what you keep. `endStream`: no more data follows
   * in this direction.
   *
   * @param reply false for the original direction (client to server), true for the reply direction.
   * @param endStream no more data follows in this direction (a half-close).
   * @param input the call's input from its first undecided byte; see {@link SliceReader}.
   * @returns a verdict from the helpers of types.ts (`pass`, `drop`, `more`, `inject`, `error`, `NOP`).
   */
  onData(reply: boolean, endStream: boolean, input: SliceReader): Verdict;
}

/** A protocol: the exact name Cilium uses (the policy's l7_proto), a parser factory, and its rule compiler. */
export interface ParserModule<Req = unknown> {
  /**
   * The protocol's name exactly as a policy's `l7_proto` spells it (the built-ins use Cilium's:
   * `r2d2`, `memcache`, `cassandra`, `kafka`). Also the registry key: a parser bundle's module
   * replaces the built-in of the same name.
   */
  readonly name: string;
  /**
   * A parser for a new connection, or null to reject the connection (POLICY_DROP). May run in any
   * isolate; must not depend on other connections. An exception here rejects the connection too, with
   * a Denied access-log entry.
   */
  create(conn: Connection): Parser | null;
  /**
   * Compiles the L7 part of a PortNetworkPolicyRule whose L7 type is this module's name; runs at policy
   * load, not per call. Throws PolicyError to reject the update. Null or [] means "any payload".
   * The rules it returns are shared by every connection of the isolate and must be pure.
   */
  parseRules?(rule: PortNetworkPolicyRule): ReadonlyArray<L7Rule<Req>> | null;
  /**
   * Hot swap: takes over a connection that a previous version of this protocol's module started.
   * Called once per connection, at the start of its first OnData call after the new version went live
   * in the isolate, so at a frame boundary: `previous` is the old version's parser, whose state it may
   * read; `conn` is the same connection, now under the new version's policy. Returns the parser that
   * continues the connection, or null to let it finish on the old version. Without `migrate` (or when
   * it throws) connections finish on the version they started with.
   */
  migrate?(previous: Parser, conn: Connection): Parser | null;
}
