import type { ParserModule } from '../../framework/parser.ts';
import { KafkaParser, type KafkaLimits } from './parser.ts';
import { parseKafkaRules, type KafkaMatchRequest } from './rules.ts';

/**
 * kafka: the Kafka protocol. Requests are decoded exactly for the topic APIs and versions in
 * apis/ (others: their topics count as unknown) and matched against the policy's kafka_rules
 * (api_version, api_keys, client_id, topic; see rules.ts), e.g.
 * kafka_rules { kafka_rules { api_version: -1 api_keys: 0 topic: "orders" } }.
 * Denied requests get the authorization error the broker would give, in the request's API and version, in the
 * broker's place and order (none for acks=0); what we cannot answer exactly (apis/) closes the connection.
 */
export type { KafkaLimits } from './parser.ts';

export const DEFAULT_KAFKA_LIMITS: KafkaLimits = Object.freeze({
  maxRequestFrame: 16 * 1024 * 1024,
  maxInFlight: 4096,
});

/** A kafka module with other limits (e.g. for a parser bundle). */
export function createKafkaModule(limits: Partial<KafkaLimits> = {}): ParserModule<KafkaMatchRequest> {
  const bounds: KafkaLimits = { ...DEFAULT_KAFKA_LIMITS, ...limits };
  return {
    name: 'kafka',
    create: (conn) => new KafkaParser(conn, bounds),
    parseRules: parseKafkaRules,
  };
}

export const kafka = createKafkaModule();
