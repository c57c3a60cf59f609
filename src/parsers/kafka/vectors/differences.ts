import type { Overrides, VectorCase } from '../../../../test/abi/run-vectors.ts';

/**
 * Where we deliberately expect something else than the anchor's vectors (docs/differences.md,
 * "Kafka"). Each entry edits a copy of the case.
 */

/** The main vector's real correlation id (bytes 8–11); Cilium logged bytes 4–7 (api key and version). */
const CORRELATION_ID = 65537;

/** Request and Denied entries carry the request's correlation id. */
function realCorrelationIds(c: VectorCase): VectorCase {
  for (const entry of c.derived_access_log) {
    if (entry.entry_type !== 'Response' && entry.l7.kafka) entry.l7.kafka.correlation_id = CORRELATION_ID;
  }
  return c;
}

/** The main vector is a Produce with acks=0: the client expects no answer, so a denial sends none. */
function noAnswerForAcks0(c: VectorCase): VectorCase {
  for (const step of c.steps) {
    if (step.kind === 'on_data') step.expect_reply_inject_hex = step.exact_reply_inject_hex = '';
  }
  return realCorrelationIds(c);
}

export const kafkaOverrides: Overrides = {
  TestKafkaOnDataSimpleHeaderMinimalPolicy: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderSimplePolicy: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithPolicyAllow: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithClientIDAllow: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithClientID: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithApiKeys: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithApiVersion: realCorrelationIds,
  TestKafkaOnDataSimpleHeaderWithPolicyDrop: noAnswerForAcks0,
  TestKafkaOnDataSimpleHeaderWithApiKeysMismatch: noAnswerForAcks0,
  TestKafkaOnDataSimpleHeaderWithApiVersionMismatch: noAnswerForAcks0,
  TestKafkaOnDataSimpleHeaderWithClientIDDeny: noAnswerForAcks0,
  // The broken topic count is found while decoding a Produce v3 whose header we did read: the entry
  // names it (Cilium logged key 0, version 0 and bytes 4–7).
  TestKafkaOnDataInvalidMessage: (c) => {
    c.derived_access_log[0].l7.kafka = { correlation_id: CORRELATION_ID, error_code: 2, api_version: 3, api_key: 0, topics: [] };
    return c;
  },
};
