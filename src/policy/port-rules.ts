import { atPath, PolicyError } from './errors.ts';
import { l7TypeName, type L7Rule, type RuleParserLookup } from './l7-rules.ts';
import { SocketProtocol, type PortNetworkPolicy, type PortNetworkPolicyRule } from './network-policy.ts';

/** What one rule says about one request. */
const NOT_APPLICABLE = 0;
const ALLOWED = 1;
const DENIED = 2;
type RuleVerdict = typeof NOT_APPLICABLE | typeof ALLOWED | typeof DENIED;

const NO_L7_RULES: readonly L7Rule[] = Object.freeze([]);

/** A compiled PortNetworkPolicyRule. */
class PortRule {
  constructor(
    readonly deny: boolean,
    /** Null: any remote identity. */
    readonly remotes: ReadonlySet<number> | null,
    /** Empty: any payload. */
    readonly l7Rules: readonly L7Rule[],
  ) {}

  verdict(remoteId: number, request: unknown): RuleVerdict {
    if (this.remotes !== null && !this.remotes.has(remoteId)) return NOT_APPLICABLE;
    if (this.deny) return DENIED;
    if (this.l7Rules.length === 0) return ALLOWED;
    for (const rule of this.l7Rules) {
      if (rule.matches(request)) return ALLOWED;
    }
    return NOT_APPLICABLE;
  }
}

/** The rules of one port: no rules allow everything; a deny wins; otherwise some rule must allow. */
class PortRules {
  constructor(readonly rules: readonly PortRule[]) {}

  matches(remoteId: number, request: unknown): boolean {
    if (this.rules.length === 0) return true;
    let allowed = false;
    // Every rule is evaluated even after one allows: a later deny still wins, and Kafka's topic
    // rules rely on seeing every rule in order.
    for (const rule of this.rules) {
      const v = rule.verdict(remoteId, request);
      if (v === DENIED) return false;
      if (v === ALLOWED) allowed = true;
    }
    return allowed;
  }
}

/** One direction of an endpoint's policy: rules by destination port, 0 being the wildcard. */
export class PortPolicies {
  constructor(private readonly byPort: ReadonlyMap<number, PortRules>) {}

  /** Exact port first, then the wildcard; a deny on the exact port does not stop a wildcard allow. */
  matches(port: number, remoteId: number, request: unknown): boolean {
    const exact = this.byPort.get(port);
    if (exact !== undefined && exact.matches(remoteId, request)) return true;
    const wildcard = this.byPort.get(0);
    return wildcard !== undefined && wildcard.matches(remoteId, request);
  }

  /** Ports that have rules (a port omitted because of an unsupported L7 type is absent: it drops). */
  get ports(): number[] {
    return [...this.byPort.keys()];
  }
}

/**
 * Compiles one direction's PortNetworkPolicy list. UDP entries are skipped; a port listed twice or a
 * protocol other than TCP rejects the update; a port whose rules name an unsupported or Envoy-handled
 * L7 type is left out, so everything to it drops, while the update itself succeeds. `end_port` is
 * ignored: the proxylib has no port ranges.
 */
export function compilePortPolicies(config: readonly PortNetworkPolicy[], parsers: RuleParserLookup,
                                    path: string): PortPolicies {
  const byPort = new Map<number, PortRules>();
  config.forEach((entry, i) => atPath(`${path}[${i}]`, () => {
    if (entry.protocol === SocketProtocol.UDP) return;
    if (byPort.has(entry.port)) throw new PolicyError('DUPLICATE_PORT', String(entry.port));
    if (entry.protocol !== SocketProtocol.TCP) throw new PolicyError('UNSUPPORTED_PROTOCOL', String(entry.protocol));
    const rules = compilePortRules(entry.rules, parsers);
    if (rules !== null) byPort.set(entry.port, rules);
  }));
  return new PortPolicies(byPort);
}

/** The port's rules, or null when the port must be left out (unsupported L7 type). */
function compilePortRules(config: readonly PortNetworkPolicyRule[], parsers: RuleParserLookup): PortRules | null {
  const rules: PortRule[] = [];
  let portType = '';
  for (let i = 0; i < config.length; i++) {
    const compiled = atPath(`.rules[${i}]`, () => compileRule(config[i], parsers));
    // Like Cilium, stop at the first unsupported rule: later rules are neither parsed nor type-checked.
    if (compiled === null) return null;
    const [rule, type] = compiled;
    if (type !== '') {
      if (portType === '') portType = type;
      else if (type !== portType) {
        throw new PolicyError('MISMATCHING_L7_TYPES', `${portType} and ${type}`, `.rules[${i}]`);
      }
    }
    rules.push(rule);
  }
  return new PortRules(rules);
}

/** The compiled rule and its L7 type name, or null when its L7 type is unsupported. */
function compileRule(config: PortNetworkPolicyRule, parsers: RuleParserLookup): [PortRule, string] | null {
  const remotes = config.remotePolicies.length === 0 ? null : new Set(config.remotePolicies);
  const type = l7TypeName(config);
  // Envoy's own filters enforce envoy.* rules; such traffic must never reach the proxylib.
  if (type.startsWith('envoy.')) return null;
  if (type === '') return [new PortRule(config.deny, remotes, NO_L7_RULES), ''];
  const parse = parsers(type);
  if (parse === undefined) return null;
  const l7Rules = runRuleParser(() => parse(config), type);
  return [new PortRule(config.deny, remotes, l7Rules), type];
}

/** Any failure of a rule parser rejects the update; anything it throws becomes a PolicyError. */
function runRuleParser(parse: () => ReadonlyArray<L7Rule> | null | undefined, type: string): readonly L7Rule[] {
  try {
    const rules = parse();
    return rules == null || rules.length === 0 ? NO_L7_RULES : rules;
  } catch (e) {
    if (e instanceof PolicyError) throw e;
    throw new PolicyError('INVALID_L7_RULE', `${type}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
