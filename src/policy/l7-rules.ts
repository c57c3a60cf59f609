/**
 * Compiled L7 rules: what a protocol's rule parser returns and Connection.matches() evaluates.
 * @module
 */
import type { PortNetworkPolicyRule } from './network-policy.ts';

/**
 * One compiled L7 rule. `matches` is a pure function of the request a parser passes to
 * Connection.matches(); it may be called from any connection, any number of times, in any order.
 * (Kafka's topic rules are the one documented exception: the request carries a set that matching rules
 * shrink, so the framework keeps Cilium's evaluation order.)
 */
export interface L7Rule<Req = unknown> {
  /** Whether this rule allows `request`. Must not change the request or the rule. */
  matches(request: Req): boolean;
}

/**
 * Compiles the L7 part of one PortNetworkPolicyRule; runs at policy load, never per request. Throws
 * PolicyError (or anything, which is turned into one) to reject the whole update. Null or an empty
 * list means "no L7 rules": the rule matches any payload.
 */
export type L7RuleParser = (rule: PortNetworkPolicyRule) => ReadonlyArray<L7Rule> | null | undefined;

/** @internal Finds the rule parser registered for an L7 type name. */
export type RuleParserLookup = (l7Type: string) => L7RuleParser | undefined;

/**
 * The L7 type of a rule, which selects its rule parser: `l7_proto` when set, otherwise the name Go
 * gives the wrapper type of the `l7` oneof member that is set (registrations key on these exact
 * names), or '' when the rule has no L7 part.
 */
export function l7TypeName(rule: PortNetworkPolicyRule): string {
  if (rule.l7Proto !== '') return rule.l7Proto;
  if (rule.httpRules !== null) return 'PortNetworkPolicyRule_HttpRules';
  if (rule.kafkaRules !== null) return 'PortNetworkPolicyRule_KafkaRules';
  if (rule.l7Rules !== null) return 'PortNetworkPolicyRule_L7Rules';
  return '';
}
