import { PolicyError } from './errors.ts';
import { field, type JsonMessage } from './json-field.ts';
import type {
  HeaderMatch, HttpNetworkPolicyRule, HttpNetworkPolicyRules, KafkaNetworkPolicyRule, KafkaNetworkPolicyRules,
  L7NetworkPolicyRule, L7NetworkPolicyRules, NetworkPolicy, PortNetworkPolicy, PortNetworkPolicyRule,
} from './network-policy.ts';

/**
 * Reads one NetworkPolicy resource in the proto3 JSON mapping. Accepts what a proto3 JSON parser
 * accepts for these fields (lowerCamelCase or original field names, null for "unset", 64-bit and
 * 32-bit integers as numbers or decimal strings, enums by name or number) and ignores unknown fields,
 * as binary protobuf decoding does. Wrong JSON types throw PolicyError MALFORMED with the field path.
 */
export function decodeNetworkPolicy(json: unknown): NetworkPolicy {
  const o = message(json, '');
  return {
    endpointIps: repeated(o, 'endpointIps', str),
    endpointId: uint64(field(o, 'endpointId'), '.endpointId'),
    ingressPerPortPolicies: repeated(o, 'ingressPerPortPolicies', portPolicy),
    egressPerPortPolicies: repeated(o, 'egressPerPortPolicies', portPolicy),
  };
}

type Json = JsonMessage;

function portPolicy(json: unknown, path: string): PortNetworkPolicy {
  const o = message(json, path);
  return {
    port: uint32(field(o, 'port'), `${path}.port`),
    endPort: uint32(field(o, 'endPort'), `${path}.endPort`),
    protocol: protocol(field(o, 'protocol'), `${path}.protocol`),
    rules: repeated(o, 'rules', portRule, path),
  };
}

function portRule(json: unknown, path: string): PortNetworkPolicyRule {
  const o = message(json, path);
  const passPrecedence = field(o, 'passPrecedence');
  const deny = field(o, 'deny');
  oneof(o, path, 'passPrecedence', 'deny');
  oneof(o, path, 'httpRules', 'kafkaRules', 'l7Rules');
  return {
    precedence: uint32(field(o, 'precedence'), `${path}.precedence`),
    passPrecedence: passPrecedence == null ? null : uint32(passPrecedence, `${path}.passPrecedence`),
    deny: bool(deny, `${path}.deny`),
    proxyId: uint32(field(o, 'proxyId'), `${path}.proxyId`),
    name: str(field(o, 'name'), `${path}.name`),
    remotePolicies: repeated(o, 'remotePolicies', uint32, path),
    serverNames: repeated(o, 'serverNames', str, path),
    l7Proto: str(field(o, 'l7Proto'), `${path}.l7Proto`),
    httpRules: optional(o, 'httpRules', httpRules, path),
    kafkaRules: optional(o, 'kafkaRules', kafkaRules, path),
    l7Rules: optional(o, 'l7Rules', l7Rules, path),
  };
}

function httpRules(json: unknown, path: string): HttpNetworkPolicyRules {
  return { httpRules: repeated(message(json, path), 'httpRules', httpRule, path) };
}

function httpRule(json: unknown, path: string): HttpNetworkPolicyRule {
  const o = message(json, path);
  return {
    headers: repeated(o, 'headers', (v, p) => message(v, p), path),
    headerMatches: repeated(o, 'headerMatches', headerMatch, path),
  };
}

function headerMatch(json: unknown, path: string): HeaderMatch {
  const o = message(json, path);
  return {
    name: str(field(o, 'name'), `${path}.name`),
    value: str(field(o, 'value'), `${path}.value`),
    matchAction: enumValue(field(o, 'matchAction'), `${path}.matchAction`),
    mismatchAction: enumValue(field(o, 'mismatchAction'), `${path}.mismatchAction`),
    valueSdsSecret: str(field(o, 'valueSdsSecret'), `${path}.valueSdsSecret`),
  };
}

function kafkaRules(json: unknown, path: string): KafkaNetworkPolicyRules {
  return { kafkaRules: repeated(message(json, path), 'kafkaRules', kafkaRule, path) };
}

function kafkaRule(json: unknown, path: string): KafkaNetworkPolicyRule {
  const o = message(json, path);
  return {
    apiVersion: int32(field(o, 'apiVersion'), `${path}.apiVersion`),
    apiKeys: repeated(o, 'apiKeys', int32, path),
    clientId: str(field(o, 'clientId'), `${path}.clientId`),
    topic: str(field(o, 'topic'), `${path}.topic`),
  };
}

function l7Rules(json: unknown, path: string): L7NetworkPolicyRules {
  const o = message(json, path);
  return {
    l7AllowRules: repeated(o, 'l7AllowRules', l7Rule, path),
    l7DenyRules: repeated(o, 'l7DenyRules', l7Rule, path),
  };
}

function l7Rule(json: unknown, path: string): L7NetworkPolicyRule {
  const o = message(json, path);
  return {
    name: str(field(o, 'name'), `${path}.name`),
    rule: stringMap(field(o, 'rule'), `${path}.rule`),
    metadataRule: repeated(o, 'metadataRule', (v, p) => message(v, p), path),
  };
}

function malformed(path: string, detail: string): PolicyError {
  return new PolicyError('MALFORMED', detail, path);
}

function message(v: unknown, path: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw malformed(path, 'expected an object');
  return v as Json;
}

function optional<T>(o: Json, name: string, read: (v: unknown, path: string) => T, path: string): T | null {
  const v = field(o, name);
  return v == null ? null : read(v, `${path}.${name}`);
}

function repeated<T>(o: Json, name: string, read: (v: unknown, path: string) => T, path = ''): T[] {
  const v = field(o, name);
  if (v == null) return [];
  if (!Array.isArray(v)) throw malformed(`${path}.${name}`, 'expected an array');
  return v.map((item, i) => read(item, `${path}.${name}[${i}]`));
}

function oneof(o: Json, path: string, ...names: string[]): void {
  const set = names.filter((n) => field(o, n) != null);
  if (set.length > 1) throw malformed(path, `oneof fields ${set.join(' and ')} are both set`);
}

function str(v: unknown, path: string): string {
  if (v == null) return '';
  if (typeof v !== 'string') throw malformed(path, 'expected a string');
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (v == null) return false;
  if (typeof v !== 'boolean') throw malformed(path, 'expected a boolean');
  return v;
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (v == null) return 0;
  const n = typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw malformed(path, `expected an integer in [${min}, ${max}]`);
  }
  return n;
}

function uint32(v: unknown, path: string): number {
  return integer(v, path, 0, 0xffffffff);
}

function int32(v: unknown, path: string): number {
  return integer(v, path, -0x80000000, 0x7fffffff);
}

function uint64(v: unknown, path: string): string {
  if (v == null) return '0';
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^[0-9]+$/.test(v) && BigInt(v) < 1n << 64n) return BigInt(v).toString();
  throw malformed(path, 'expected an unsigned 64-bit integer');
}

const PROTOCOL_NAMES: Readonly<Record<string, number>> = { TCP: 0, UDP: 1 };

function protocol(v: unknown, path: string): number {
  if (typeof v === 'string') {
    const n = PROTOCOL_NAMES[v];
    if (n === undefined) throw malformed(path, `unknown protocol ${JSON.stringify(v)}`);
    return n;
  }
  return int32(v, path);
}

function enumValue(v: unknown, path: string): string | number {
  if (v == null) return 0;
  if (typeof v === 'string') return v;
  return int32(v, path);
}

function stringMap(v: unknown, path: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (v == null) return out;
  const o = message(v, path);
  for (const key of Object.keys(o)) {
    const value = o[key];
    if (typeof value !== 'string') throw malformed(`${path}.${key}`, 'expected a string');
    out[key] = value;
  }
  return out;
}
