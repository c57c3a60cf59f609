import { decodeNetworkPolicy } from './decode-policy.ts';
import { deepEqual } from './deep-equal.ts';
import { atPath, PolicyError } from './errors.ts';
import type { RuleParserLookup } from './l7-rules.ts';
import type { NetworkPolicy } from './network-policy.ts';
import { firstEndpointIpHint, parsedResourceTexts, resourceTexts, splitPolicyText } from './policy-text.ts';
import { compilePortPolicies, type PortPolicies } from './port-rules.ts';
import { validateNetworkPolicy } from './validate-policy.ts';

/** The compiled policy of one endpoint. Immutable; shared by every connection that names it. */
export class EndpointPolicy {
  constructor(
    /** The decoded resource it was compiled from, to recognise an equal resource written differently. */
    readonly source: NetworkPolicy,
    readonly ingress: PortPolicies,
    readonly egress: PortPolicies,
  ) {}

  matches(ingress: boolean, port: number, remoteId: number, request: unknown): boolean {
    return (ingress ? this.ingress : this.egress).matches(port, remoteId, request);
  }
}

/** What one endpoint IP holds: the policy, and the text of the resource that gave it in this update. */
export interface Held {
  readonly policy: EndpointPolicy;
  readonly text: string;
}

/** Endpoint IP → compiled policy. Replaced whole on every accepted update, never edited. */
export class PolicyMap {
  static readonly EMPTY = new PolicyMap(new Map());

  constructor(private readonly byEndpoint: ReadonlyMap<string, Held>) {}

  get(endpointIp: string): EndpointPolicy | undefined {
    return this.byEndpoint.get(endpointIp)?.policy;
  }

  get size(): number {
    return this.byEndpoint.size;
  }

  /** A connection whose policy name has no entry is denied everything. */
  matches(policyName: string, ingress: boolean, port: number, remoteId: number, request: unknown): boolean {
    const policy = this.byEndpoint.get(policyName)?.policy;
    return policy !== undefined && policy.matches(ingress, port, remoteId, request);
  }

  /**
   * The policy to reuse for a resource with this exact text, found without parsing it: Cilium reuses
   * what the resource's first endpoint IP holds when the resource is unchanged, and a resource whose
   * text is the one that gave the IP its policy is unchanged. The IP is read from the text's start
   * (firstEndpointIpHint); what it finds must hold the IP as its own first one, so a misleading hint
   * only costs the parse. Undefined: compile the text the slow way.
   */
  reusableFor(text: string): EndpointPolicy | undefined {
    const ip = firstEndpointIpHint(text);
    const held = ip === null ? undefined : this.byEndpoint.get(ip);
    if (held === undefined || held.text !== text) return undefined;
    return this.byEndpoint.get(held.policy.source.endpointIps[0]) === held ? held.policy : undefined;
  }
}

/**
 * Builds the map for a state-of-the-world update (NetworkPolicy resources in proto3 JSON), all or
 * nothing: the first problem throws a PolicyError and the caller keeps `previous`. Zero resources give
 * an empty map. A resource equal to the one `previous` holds for its first endpoint IP reuses that
 * compiled policy without validating or compiling it again. On an IP listed by two resources the later
 * one wins.
 */
export function compilePolicyMap(resources: readonly unknown[], previous: PolicyMap,
                                 parsers: RuleParserLookup): PolicyMap {
  return compilePolicyTexts(resourceTexts(resources), previous, parsers);
}

/**
 * compilePolicyMap for resources given as JSON texts. A text `previous` holds a reusable policy for is
 * not even parsed: an update costs what changed in it. Any other text is parsed and decoded, and may
 * still reuse the policy of its first endpoint IP when the messages are equal (the same policy written
 * differently: field names, numbers as strings, map keys in another order), as protobuf equality would.
 * A text that is not JSON throws a SyntaxError.
 */
export function compilePolicyTexts(texts: readonly string[], previous: PolicyMap,
                                   parsers: RuleParserLookup): PolicyMap {
  const byEndpoint = new Map<string, Held>();
  texts.forEach((text, i) => atPath(`[${i}]`, () => {
    const held: Held = { policy: previous.reusableFor(text) ?? compileResource(text, previous, parsers), text };
    for (const ip of held.policy.source.endpointIps) byEndpoint.set(ip, held);
  }));
  return new PolicyMap(byEndpoint);
}

/**
 * compilePolicyTexts for a policy as published (see policy-text.ts): split one resource per line when
 * it has that layout, parsed whole otherwise or when a piece is not JSON on its own (the layout was
 * only apparent). Errors as compilePolicyMap; text that is not a JSON array throws.
 */
export function compilePublishedPolicy(json: string, previous: PolicyMap, parsers: RuleParserLookup): PolicyMap {
  const pieces = splitPolicyText(json);
  if (pieces !== null) {
    try {
      return compilePolicyTexts(pieces, previous, parsers);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  return compilePolicyTexts(parsedResourceTexts(json), previous, parsers);
}

function compileResource(text: string, previous: PolicyMap, parsers: RuleParserLookup): EndpointPolicy {
  const decoded = decodeNetworkPolicy(JSON.parse(text));
  if (decoded.endpointIps.length === 0) throw new PolicyError('NO_ENDPOINT_IPS');
  const old = previous.get(decoded.endpointIps[0]);
  return old !== undefined && deepEqual(old.source, decoded) ? old : compileEndpoint(decoded, parsers);
}

/** Validates and compiles one decoded resource. */
export function compileEndpoint(policy: NetworkPolicy, parsers: RuleParserLookup): EndpointPolicy {
  validateNetworkPolicy(policy);
  return new EndpointPolicy(
    policy,
    compilePortPolicies(policy.ingressPerPortPolicies, parsers, '.ingressPerPortPolicies'),
    compilePortPolicies(policy.egressPerPortPolicies, parsers, '.egressPerPortPolicies'),
  );
}
