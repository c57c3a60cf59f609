import { atPath, PolicyError } from './errors.ts';
import type { L7Rule } from './l7-rules.ts';
import type { PortNetworkPolicyRule } from './network-policy.ts';

/** Which list of `l7_rules` a rule map comes from. */
export type RuleList = 'allow' | 'deny';

/**
 * The generic `l7_rules` of a proxylib parser (r2d2, memcache, …) compiled with both of their lists,
 * where Cilium's Go parsers read only the allow list:
 *
 * - no `l7_rules` at all: no L7 rules (null), so the rule matches any payload, as in Cilium;
 * - deny rules only: every request is allowed unless a deny rule matches it;
 * - allow and deny rules: a request must match an allow rule and no deny rule;
 * - allow rules only: exactly Cilium's list (an empty map in it matches everything).
 *
 * Ignoring a deny list would fail open, so it is enforced; and a rule the parser cannot enforce is
 * refused rather than silently read as "any payload": HTTP or Kafka rules on a port whose l7_proto names
 * this parser, and `metadata_rule` entries (which only Envoy's own filters evaluate).
 *
 * `compile` turns one rule map into a matcher and throws PolicyError for a bad map; it runs at policy
 * load. The matchers it returns must be pure. It is told which list the map is in, because a rule about
 * several parts of one request reads differently there: a multi-key get is allowed when every key is,
 * and denied when any key is.
 *
 * @param rule the PortNetworkPolicyRule handed to the module's parseRules.
 * @param parser the parser's name, used in error messages.
 * @param compile one rule map (`{cmd: "READ"}`) to one matcher.
 * @returns null for "no L7 rules", otherwise the matchers.
 */
export function compileGenericL7Rules<Req>(
  rule: PortNetworkPolicyRule,
  parser: string,
  compile: (fields: Record<string, string>, list: RuleList) => L7Rule<Req>,
): Array<L7Rule<Req>> | null {
  if (rule.httpRules !== null || rule.kafkaRules !== null) {
    const kind = rule.httpRules !== null ? 'http_rules' : 'kafka_rules';
    throw new PolicyError('INVALID_L7_RULE', `${parser}: ${kind} cannot be enforced by the ${parser} parser`);
  }
  if (rule.l7Rules === null) return null;
  const compileList = (list: typeof rule.l7Rules.l7AllowRules, kind: RuleList): Array<L7Rule<Req>> =>
    list.map((entry, i) => atPath(`.l7Rules.l7${kind === 'allow' ? 'Allow' : 'Deny'}Rules[${i}]`, () => {
      if (entry.metadataRule.length > 0) {
        throw new PolicyError('INVALID_L7_RULE', `${parser}: metadata_rule is not supported`);
      }
      return compile(entry.rule, kind);
    }));
  const allow = compileList(rule.l7Rules.l7AllowRules, 'allow');
  const deny = compileList(rule.l7Rules.l7DenyRules, 'deny');
  if (deny.length === 0) return allow;
  return [new AllowUnlessDenied(allow, deny)];
}

/** Allowed when some allow rule matches (or there are none) and no deny rule does. */
class AllowUnlessDenied<Req> implements L7Rule<Req> {
  constructor(private readonly allow: ReadonlyArray<L7Rule<Req>>, private readonly deny: ReadonlyArray<L7Rule<Req>>) {}

  matches(request: Req): boolean {
    if (this.allow.length > 0 && !this.allow.some((r) => r.matches(request))) return false;
    return !this.deny.some((r) => r.matches(request));
  }
}
