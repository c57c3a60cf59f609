import { decodeNetworkPolicy } from './decode-policy.ts';
import { deepEqual } from './deep-equal.ts';
import { atPath, PolicyError } from './errors.ts';
import type { RuleParserLookup } from './l7-rules.ts';
import type { NetworkPolicy } from './network-policy.ts';
import { compilePortPolicies, type PortPolicies } from './port-rules.ts';
import { validateNetworkPolicy } from './validate-policy.ts';

/** The compiled policy of one endpoint. Immutable; shared by every connection that names it. */
export class EndpointPolicy {
  constructor(
    /** The decoded resource it was compiled from, to recognise an unchanged resource in the next update. */
    readonly source: NetworkPolicy,
    readonly ingress: PortPolicies,
    readonly egress: PortPolicies,
  ) {}

  matches(ingress: boolean, port: number, remoteId: number, request: unknown): boolean {
    return (ingress ? this.ingress : this.egress).matches(port, remoteId, request);
  }
}

/** Endpoint IP → compiled policy. Replaced whole on every accepted update, never edited. */
export class PolicyMap {
  static readonly EMPTY = new PolicyMap(new Map());

  constructor(private readonly byEndpoint: ReadonlyMap<string, EndpointPolicy>) {}

  get(endpointIp: string): EndpointPolicy | undefined {
    return this.byEndpoint.get(endpointIp);
  }

  get size(): number {
    return this.byEndpoint.size;
  }

  /** A connection whose policy name has no entry is denied everything. */
  matches(policyName: string, ingress: boolean, port: number, remoteId: number, request: unknown): boolean {
    const policy = this.byEndpoint.get(policyName);
    return policy !== undefined && policy.matches(ingress, port, remoteId, request);
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
  const byEndpoint = new Map<string, EndpointPolicy>();
  resources.forEach((resource, i) => atPath(`[${i}]`, () => {
    const decoded = decodeNetworkPolicy(resource);
    if (decoded.endpointIps.length === 0) throw new PolicyError('NO_ENDPOINT_IPS');
    const old = previous.get(decoded.endpointIps[0]);
    const compiled = old !== undefined && deepEqual(old.source, decoded) ? old : compileEndpoint(decoded, parsers);
    for (const ip of decoded.endpointIps) byEndpoint.set(ip, compiled);
  }));
  return new PolicyMap(byEndpoint);
}

function compileEndpoint(policy: NetworkPolicy, parsers: RuleParserLookup): EndpointPolicy {
  validateNetworkPolicy(policy);
  return new EndpointPolicy(
    policy,
    compilePortPolicies(policy.ingressPerPortPolicies, parsers, '.ingressPerPortPolicies'),
    compilePortPolicies(policy.egressPerPortPolicies, parsers, '.egressPerPortPolicies'),
  );
}
