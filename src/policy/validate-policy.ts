import { PolicyError } from './errors.ts';
import type { NetworkPolicy, PortNetworkPolicy, PortNetworkPolicyRule } from './network-policy.ts';

/**
 * The protoc-gen-validate constraints of npds.proto that the proxylib enforces before compiling a
 * policy (NetworkPolicy.Validate()). Like the generated code, it reports the first violation only.
 * Not checked: the server_names pattern and the embedded Envoy HeaderMatcher/MetadataMatcher rules.
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

function validatePort(port: PortNetworkPolicy, path: string): void {
  if (port.port > MAX_PORT) invalid(`${path}.port`, `must be at most ${MAX_PORT}`);
  if (port.endPort > MAX_PORT) invalid(`${path}.endPort`, `must be at most ${MAX_PORT}`);
  port.rules.forEach((rule, i) => validateRule(rule, `${path}.rules[${i}]`));
}

function validateRule(rule: PortNetworkPolicyRule, path: string): void {
  if (rule.proxyId > MAX_PORT) invalid(`${path}.proxyId`, `must be at most ${MAX_PORT}`);
  if (rule.httpRules !== null) {
    const http = rule.httpRules.httpRules;
    if (http.length < 1) invalid(`${path}.httpRules.httpRules`, 'must hold at least 1 item');
    http.forEach((h, i) => h.headerMatches.forEach((m, j) => {
      if (m.name.length === 0) invalid(`${path}.httpRules.httpRules[${i}].headerMatches[${j}].name`, 'must not be empty');
    }));
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
}

function invalid(path: string, detail: string): never {
  throw new PolicyError('INVALID', detail, path);
}
