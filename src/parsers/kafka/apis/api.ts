import type { Entry, Echoed, Field } from '../schema.ts';

/**
 * One Kafka API as the parser knows it: the versions we can answer, the request layout and what it
 * is read for, and the response layout a denial is written in.
 */
export interface ApiSchema {
  key: number;
  name: string;
  /** The versions whose request we can read and whose response we can write. */
  versions: readonly [number, number];
  /** First flexible (KIP-482) version; Infinity when there is none. */
  flexibleFrom: number;
  /** The API names no topic, so a topic constraint does not apply to it (group coordination, SASL …). */
  topicFree: boolean;
  /**
   * policy: every request is read and its topics decide (a topic rule can allow it);
   * denial: the request is read only once denied, for what the answer must name again
   * (its topics stay unknown to policy, so a topic rule never allows it).
   */
  readFor: 'policy' | 'denial';
  /** Null: the body is never read (the answer repeats nothing from it). */
  request: readonly Field[] | null;
  /** Null: no exact answer can be written (a denial closes the connection instead). */
  response: readonly Field[] | null;
  /** The error code a denial carries (also what the access log records). */
  error: number;
  /** When the error depends on what is denied: per entry (entry) or for the request as a whole (null). */
  errorFor?: (top: ReadonlyMap<string, Echoed>, entry: Entry | null) => number;
}

/** Kafka's error codes a denial uses (Kafka's protocol error table). */
export const ErrorCode = {
  TOPIC_AUTHORIZATION_FAILED: 29,
  GROUP_AUTHORIZATION_FAILED: 30,
  CLUSTER_AUTHORIZATION_FAILED: 31,
  UNSUPPORTED_VERSION: 35,
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  SASL_AUTHENTICATION_FAILED: 58,
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 65,
} as const;

/** Fields most responses share. */
export const THROTTLE: Field = { name: 'ThrottleTimeMs', type: 'int32' };
export const ERROR: Field = { name: 'ErrorCode', type: 'int16', role: 'error' };
export const MESSAGE: Field = { name: 'ErrorMessage', type: 'string', nullable: 0 };
/** An array the denial leaves empty. */
export const empty = (name: string, versions?: readonly [number, number?]): Field => ({ name, type: [], versions });

/**
 * An API answered from its response layout alone, or (with `request`) after reading what the denied
 * request named; not topic-free unless said.
 */
export function api(key: number, name: string, versions: readonly [number, number], flexibleFrom: number, error: number,
                    response: readonly Field[] | null, more: Partial<ApiSchema> = {}): ApiSchema {
  return { key, name, versions, flexibleFrom, error, response, request: null, readFor: 'denial', topicFree: false, ...more };
}
