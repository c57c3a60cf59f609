/**
 * cilium.NetworkPolicy (cilium/api/npds.proto) as the policy code and L7 rule parsers see it: every
 * field present, defaults filled in, names in lowerCamelCase as in the proto3 JSON mapping. Fields the
 * proxylib never reads (TLS contexts, metadata matchers' insides) are left out or kept as raw JSON.
 * @module
 */

/** The policy of one endpoint: its ingress and egress rules by port. */

export interface NetworkPolicy {
  /** One or two endpoint IPs; each is a key of the policy map (a connection's policyName). */
  endpointIps: string[];
  /** uint64, as a decimal string. */
  endpointId: string;
  ingressPerPortPolicies: PortNetworkPolicy[];
  egressPerPortPolicies: PortNetworkPolicy[];
}

/** envoy.config.core.v3.SocketAddress.Protocol; other values are kept as numbers and rejected later. */
export const SocketProtocol = { TCP: 0, UDP: 1 } as const;

export interface PortNetworkPolicy {
  /** 0 is the wildcard port. */
  port: number;
  /** Range end; ignored by the proxylib. */
  endPort: number;
  protocol: number;
  /** Empty: the port allows everything. */
  rules: PortNetworkPolicyRule[];
}

export interface PortNetworkPolicyRule {
  precedence: number;
  /** The `verdict` oneof: pass_precedence (null when unset) or deny. */
  passPrecedence: number | null;
  deny: boolean;
  proxyId: number;
  name: string;
  /** Empty: any remote identity. */
  remotePolicies: number[];
  serverNames: string[];
  /** Name of the proxylib parser; when empty the L7 type is the Go name of the `l7` oneof that is set. */
  l7Proto: string;
  /** The `l7` oneof: at most one of these three is non-null. */
  httpRules: HttpNetworkPolicyRules | null;
  kafkaRules: KafkaNetworkPolicyRules | null;
  l7Rules: L7NetworkPolicyRules | null;
}

export interface HttpNetworkPolicyRules {
  httpRules: HttpNetworkPolicyRule[];
}

export interface HttpNetworkPolicyRule {
  /** envoy.config.route.v3.HeaderMatcher objects, as given. */
  headers: unknown[];
  headerMatches: HeaderMatch[];
}

export interface HeaderMatch {
  name: string;
  value: string;
  matchAction: string | number;
  mismatchAction: string | number;
  valueSdsSecret: string;
}

export interface KafkaNetworkPolicyRules {
  kafkaRules: KafkaNetworkPolicyRule[];
}

export interface KafkaNetworkPolicyRule {
  /** < 0: any version. */
  apiVersion: number;
  /** Empty: any key. */
  apiKeys: number[];
  clientId: string;
  topic: string;
}

export interface L7NetworkPolicyRules {
  /** Empty: allowed unless denied. */
  l7AllowRules: L7NetworkPolicyRule[];
  l7DenyRules: L7NetworkPolicyRule[];
}

export interface L7NetworkPolicyRule {
  name: string;
  /** Generic key/value rule for proxylib parsers; empty matches any request. Null-prototype object. */
  rule: Record<string, string>;
  /** envoy.type.matcher.v3.MetadataMatcher objects, as given (not used by the proxylib). */
  metadataRule: unknown[];
}
