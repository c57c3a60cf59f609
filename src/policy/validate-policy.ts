import { PolicyError } from './errors.ts';
import type { NetworkPolicy, PortNetworkPolicy, PortNetworkPolicyRule } from './network-policy.ts';
import { compileRegex, type PolicyRegex } from './regex.ts';
import { validateHeaderMatcher, validateMetadataMatcher } from './validate-matchers.ts';

/**
 * The protoc-gen-validate constraints of npds.proto that the proxylib enforces before compiling a
 * policy (NetworkPolicy.Validate()), including those of the Envoy matchers a policy embeds. Like the
 * generated code, it reports the first violation only, checking fields in declaration order and
 * oneof members last.
 */
export function validateNetworkPolicy(policy: NetworkPolicy): void {
  const ips = policy.endpointIps;
  if (ips.length < 1 || ips.length > 2) invalid('.endpointIps', `must hold 1 or 2 items, has ${ips.length}`);
  ips.forEach((ip, i) => {
    if (ip.length === 0) invalid(`.endpointIps[${i}]`, 'must not be empty');
  });
  policy.ingressPerPortPolicies.forEach((p, i) => validatePort(p, `.ingressPerPortPolicies[${i}]`));
  policy.egressPerPortPolicies.forEach((p, i) => validatePort(p, `.egressPerPortPolicies[${i}]`));
}

const MAX_PORT = 65535;
/** Kafka client ids and topics (npds.proto). */
const KAFKA_NAME = /^[a-zA-Z0-9._-]*$/;
const MAX_TOPIC_LENGTH = 255;
/**
 * server_names items (npds.proto): dot-separated parts, each `*`, `**`, or DNS characters with single
 * `*` wildcards between them. Nested repetition: matched with RE2 semantics, never V8's backtracking.
 */
const SERVER_NAME_PATTERN = '^(([*]{1,2}|[*]?[-a-zA-Z0-9_]+([*][-a-zA-Z0-9_]+)*[*]?)[.])*' +
                            '([*]{1,2}|[*]?[-a-zA-Z0-9_]+([*][-a-zA-Z0-9_]+)*[*]?)$';
let serverName: PolicyRegex | undefined;

function validatePort(port: PortNetworkPolicy, path: string): void {
  if (port.port > MAX_PORT) invalid(`${path}.port`, `must be at most ${MAX_PORT}`);
  if (port.endPort > MAX_PORT) invalid(`${path}.endPort`, `must be at most ${MAX_PORT}`);
  port.rules.forEach((rule, i) => validateRule(rule, `${path}.rules[${i}]`));
}

function validateRule(rule: PortNetworkPolicyRule, path: string): void {
  if (rule.proxyId > MAX_PORT) invalid(`${path}.proxyId`, `must be at most ${MAX_PORT}`);
  serverName ??= compileRegex(SERVER_NAME_PATTERN);
  rule.serverNames.forEach((name, i) => {
    if (!serverName!.test(name)) invalid(`${path}.serverNames[${i}]`, `${JSON.stringify(name)} is not a valid server name pattern`);
  });
  if (rule.httpRules !== null) {
    const http = rule.httpRules.httpRules;
    if (http.length < 1) invalid(`${path}.httpRules.httpRules`, 'must hold at least 1 item');
    http.forEach((h, i) => {
      const at = `${path}.httpRules.httpRules[${i}]`;
      h.headers.forEach((m, j) => validateHeaderMatcher(m, `${at}.headers[${j}]`));
      h.headerMatches.forEach((m, j) => {
        if (m.name.length === 0) invalid(`${at}.headerMatches[${j}].name`, 'must not be empty');
      });
    });
  }
  if (rule.kafkaRules !== null) {
    const kafka = rule.kafkaRules.kafkaRules;
    if (kafka.length < 1) invalid(`${path}.kafkaRules.kafkaRules`, 'must hold at least 1 item');
    kafka.forEach((k, i) => {
      const at = `${path}.kafkaRules.kafkaRules[${i}]`;
      if (!KAFKA_NAME.test(k.clientId)) invalid(`${at}.clientId`, `must match ${KAFKA_NAME.source}`);
      if (k.topic.length > MAX_TOPIC_LENGTH) invalid(`${at}.topic`, `must be at most ${MAX_TOPIC_LENGTH} characters`);
      if (!KAFKA_NAME.test(k.topic)) invalid(`${at}.topic`, `must match ${KAFKA_NAME.source}`);
    });
  }
  if (rule.l7Rules !== null) {
    const { l7AllowRules, l7DenyRules } = rule.l7Rules;
    for (const [list, name] of [[l7AllowRules, 'l7AllowRules'], [l7DenyRules, 'l7DenyRules']] as const) {
      list.forEach((r, i) => r.metadataRule.forEach((m, j) => validateMetadataMatcher(m, `${path}.l7Rules.${name}[${i}].metadataRule[${j}]`)));
    }
  }
}

function invalid(path: string, detail: string): never {
  throw new PolicyError('INVALID', detail, path);
}
