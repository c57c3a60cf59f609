/**
 * NetworkPolicy resources (proto3 JSON) for the memcache tests: port 80 of endpoint 1.1.1.1, the
 * harness's default connection.
 */
export type RuleMap = Record<string, string>;

export function memcachePolicy(allow: RuleMap[] | null, deny: RuleMap[] = []): unknown[] {
  const l7 = allow === null && deny.length === 0
    ? {}
    : { l7Rules: { l7AllowRules: (allow ?? []).map((rule) => ({ rule })), l7DenyRules: deny.map((rule) => ({ rule })) } };
  return [{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'memcache', ...l7 }] }] }];
}

export const ALLOW_ALL = memcachePolicy(null);
