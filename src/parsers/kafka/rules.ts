import type { KafkaNetworkPolicyRule, L7Rule, PortNetworkPolicyRule } from '../../framework/parser.ts';

/**
 * Kafka rules come from the policy's `kafka_rules` (not `l7_rules`); each has four optional parts,
 * all of which must hold:
 *
 *   api_version  the request's version (< 0: any; note proto3's default 0 means "version 0 only")
 *   api_keys     the request's API key is one of these (empty: any)
 *   client_id    exact client id (empty: any)
 *   topic        exact topic name (empty: any)
 *
 * e.g. kafka_rules { kafka_rules { api_version: -1 api_keys: 0 topic: "orders" } }. Topic rules work
 * together: a request naming several topics is allowed when the matching rules cover all of them,
 * so matching consumes the request's `uncovered` set (Cilium's semantics; the framework evaluates
 * rules in order, every one of them).
 */
export interface KafkaMatchRequest {
  apiKey: number;
  apiVersion: number;
  clientId: string;
  /** The API names no topic: a topic constraint does not apply. */
  topicFree: boolean;
  /** The request's topics are known (decoded); otherwise no topic rule can cover it. */
  topicsKnown: boolean;
  /** Topics no matching rule has covered yet (a fresh set for every policy check). */
  uncovered: Set<string>;
}

export function parseKafkaRules(rule: PortNetworkPolicyRule): Array<L7Rule<KafkaMatchRequest>> | null {
  if (rule.kafkaRules === null) return null;
  return rule.kafkaRules.kafkaRules.map((r) => new KafkaRule(r));
}

/** int32 policy values are truncated to int16, as Cilium stores them. */
const toInt16 = (v: number) => (v << 16) >> 16;

export class KafkaRule implements L7Rule<KafkaMatchRequest> {
  private readonly apiVersion: number;
  private readonly apiKeys: ReadonlySet<number>;
  private readonly clientId: string;
  private readonly topic: string;

  constructor(config: Pick<KafkaNetworkPolicyRule, 'apiVersion' | 'apiKeys' | 'clientId' | 'topic'>) {
    this.apiVersion = toInt16(config.apiVersion);
    this.apiKeys = new Set(config.apiKeys.map(toInt16));
    this.clientId = config.clientId;
    this.topic = config.topic;
  }

  matches(req: KafkaMatchRequest): boolean {
    if (this.apiKeys.size > 0 && !this.apiKeys.has(req.apiKey)) return false;
    if (this.apiVersion >= 0 && this.apiVersion !== req.apiVersion) return false;
    if (this.clientId !== '' && this.clientId !== req.clientId) return false;
    if (this.topic === '' || req.topicFree) return true;
    // An API whose topics we did not read could name any topic: a topic rule cannot vouch for it.
    if (!req.topicsKnown || !req.uncovered.delete(this.topic)) return false;
    return req.uncovered.size === 0;
  }
}
