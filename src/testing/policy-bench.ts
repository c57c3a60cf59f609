import type { NativeBridge } from '../framework/host.ts';
import { Instance } from '../framework/instance.ts';
import type { Registry } from '../framework/registry.ts';
import { decodeNetworkPolicy } from '../policy/decode-policy.ts';
import { deepEqual } from '../policy/deep-equal.ts';
import { atPath, PolicyError } from '../policy/errors.ts';
import type { RuleParserLookup } from '../policy/l7-rules.ts';
import { compileEndpoint, PolicyMap, type Held } from '../policy/policy-map.ts';
import { formatPolicyText, resourceText } from '../policy/policy-text.ts';

/** One policy size measured both ways: milliseconds, medians over the repetitions. */
export interface PolicyUpdateRow {
  endpoints: number;
  /** Size of the published text. */
  bytes: number;
  /** [old path, new path] for: compiling from nothing, one endpoint changed, nothing changed. */
  full: [number, number];
  oneChanged: [number, number];
  unchanged: [number, number];
  /** bridge.policy() alone: handing the published text to the isolate. */
  transfer: number;
}

/**
 * One endpoint's NetworkPolicy, shaped like what the agent sends for a pod behind L7 policy: both IPs,
 * a Cassandra port with two table regexes, a Kafka port with two topic rules, an identity-only
 * wildcard port, UDP and TCP egress. About 1 KiB of JSON; `version` changes one of its regexes.
 */
export function syntheticEndpoint(i: number, version = 0): Record<string, unknown> {
  const ids = (n: number, base: number) => Array.from({ length: n }, (_, k) => base + k * 7 + (i % 13));
  return {
    endpointIps: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `f00d::${i.toString(16)}`],
    endpointId: String(1000 + i),
    ingressPerPortPolicies: [
      { port: 9042, protocol: 'TCP', rules: [{ remotePolicies: ids(12, 100), l7Proto: 'cassandra', l7Rules: { l7AllowRules: [
        { rule: { query_action: 'select', query_table: `^db${i}\\..*` } },
        { rule: { query_action: 'insert', query_table: `^db${i}\\.log${version}$` } },
      ] } }] },
      { port: 9092, protocol: 'TCP', rules: [{ remotePolicies: ids(8, 300), kafkaRules: { kafkaRules: [
        { apiVersion: -1, apiKeys: [0, 1], topic: `orders-${i}` },
        { apiVersion: -1, clientId: 'billing', topic: 'invoices' },
      ] } }] },
      { port: 0, protocol: 'TCP', rules: [{ remotePolicies: ids(20, 500) }] },
    ],
    egressPerPortPolicies: [
      { port: 53, protocol: 'UDP', rules: [{ remotePolicies: [1] }] },
      { port: 443, protocol: 'TCP', rules: [{ remotePolicies: ids(10, 900) }] },
    ],
  };
}

/**
 * What a worker isolate did before per-resource texts, for comparison: parse the whole published
 * array, decode every resource and deep-compare it with what its first endpoint IP held.
 */
export function deepEqualRecompile(json: string, previous: PolicyMap, parsers: RuleParserLookup): PolicyMap {
  const resources = JSON.parse(json) as unknown[];
  const byEndpoint = new Map<string, Held>();
  resources.forEach((resource, i) => atPath(`[${i}]`, () => {
    const decoded = decodeNetworkPolicy(resource);
    if (decoded.endpointIps.length === 0) throw new PolicyError('NO_ENDPOINT_IPS');
    const old = previous.get(decoded.endpointIps[0]);
    const compiled = old !== undefined && deepEqual(old.source, decoded) ? old : compileEndpoint(decoded, parsers);
    const held = { policy: compiled, text: '' };
    for (const ip of decoded.endpointIps) byEndpoint.set(ip, held);
  }));
  return new PolicyMap(byEndpoint);
}

/**
 * Measures a worker's recompile after a publish, in whatever runtime runs this (plain Node for
 * bench/policy-update.ts, the embedded Node 18 isolate through the test bundle's `benchPolicyUpdate`
 * command, where the text crosses native's policy store as in production). Each publish goes through
 * `bridge.setPolicy`; the new path is Instance.syncPolicy (bridge.policy, split, compile what changed),
 * the old one bridge.policy + deepEqualRecompile. Each path runs its repetitions on its own, so neither
 * is timed while the collector works off the other's garbage (the old path leaves megabytes).
 */
export function benchPolicyUpdate(bridge: NativeBridge, registry: Registry, instanceId: number,
                                  sizes: readonly number[], reps = 5): PolicyUpdateRow[] {
  const info = bridge.instance(instanceId);
  if (info === null) throw new Error(`benchPolicyUpdate: unknown module ${instanceId}`);
  const parsers = registry.findRuleParser;
  const newPath = (): Worker => {
    const instance = new Instance(bridge, registry, info);
    return { update: (seq) => instance.syncPolicy(seq), size: () => instance.policy.size };
  };
  const oldPath = (): Worker => {
    let map = PolicyMap.EMPTY;
    return { update: () => { map = deepEqualRecompile(bridge.policy(instanceId)!.json, map, parsers); }, size: () => map.size };
  };
  // Not recorded: otherwise the first size would also time V8 compiling the code of both paths.
  measure(bridge, instanceId, 10, 2, oldPath);
  measure(bridge, instanceId, 10, 2, newPath);
  return sizes.map((n) => {
    const before = measure(bridge, instanceId, n, reps, oldPath);
    const after = measure(bridge, instanceId, n, reps, newPath);
    const transfer = Array.from({ length: reps }, () => time(() => bridge.policy(instanceId)));
    const pair = (key: 'full' | 'oneChanged' | 'unchanged'): [number, number] => [median(before[key]), median(after[key])];
    return { endpoints: n, bytes: bridge.policy(instanceId)!.json.length, full: pair('full'), oneChanged: pair('oneChanged'),
             unchanged: pair('unchanged'), transfer: median(transfer) };
  });
}

/** A worker isolate's policy, brought up to date one way or the other. */
interface Worker {
  update(seq: number): void;
  size(): number;
}

/** Milliseconds per repetition of: compiling from nothing, one endpoint changed, nothing changed. */
function measure(bridge: NativeBridge, instanceId: number, n: number, reps: number, start: () => Worker) {
  const texts = Array.from({ length: n }, (_, i) => resourceText(syntheticEndpoint(i)));
  const publish = () => bridge.setPolicy(instanceId, formatPolicyText(texts));
  const samples = { full: [] as number[], oneChanged: [] as number[], unchanged: [] as number[] };
  for (let r = 0; r < reps; r++) {
    const worker = start();
    const seq = publish();
    samples.full.push(time(() => worker.update(seq)));
    // A different endpoint each repetition, with a version it never had: a real change every time.
    const changed = (r * 7919) % n;
    texts[changed] = resourceText(syntheticEndpoint(changed, r + 1));
    const seqChanged = publish();
    samples.oneChanged.push(time(() => worker.update(seqChanged)));
    const seqSame = publish();
    samples.unchanged.push(time(() => worker.update(seqSame)));
    if (worker.size() !== 2 * n) throw new Error('benchPolicyUpdate: an endpoint is missing');
  }
  return samples;
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
