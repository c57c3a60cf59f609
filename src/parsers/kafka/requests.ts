import type { SliceReader } from '../../framework/slice-reader.ts';
import { apiSchema, isTopicFree, type ApiSchema } from './apis/index.ts';
import { decodeBody, type TopicEntry } from './schema.ts';
import { WireReader } from './wire.ts';

/**
 * A request frame, decoded as far as policy needs:
 *
 *   size:i32 | api_key:i16 | api_version:i16 | correlation_id:i32 | client_id: nullable string (i16 length)
 *   | tagged fields (flexible versions only) | body (apis/*.ts)
 */
export const MIN_REQUEST_SIZE = 10;

export interface KafkaRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
  api: ApiSchema | undefined;
  /** The topics named (each once); meaningful when topicsKnown. */
  topics: string[];
  /** Topics and partitions in request order, echoed by a denial. */
  entries: TopicEntry[];
  /** False when the body was not (or could not be) read for topics: a topic rule cannot allow it. */
  topicsKnown: boolean;
  /** The API names no topic at all (a topic constraint does not apply). */
  topicFree: boolean;
  /** Produce with acks=0: the broker sends no response. */
  noResponse: boolean;
}

export type ReadResult = KafkaRequest | { malformed: true; apiKey: number; apiVersion: number; correlationId: number };

/** Decodes the complete request frame of `frameLength` bytes at the start of `r`. */
export function readRequest(r: SliceReader, frameLength: number): ReadResult {
  const w = new WireReader(r, 4, frameLength);
  const apiKey = w.i16();
  const apiVersion = w.i16();
  const correlationId = w.i32();
  const clientId = w.string(false) ?? '';
  const api = apiSchema(apiKey);
  const req: KafkaRequest = {
    apiKey, apiVersion, correlationId, clientId, api, topics: [], entries: [], topicsKnown: false,
    topicFree: isTopicFree(api), noResponse: false,
  };
  const malformed = { malformed: true as const, apiKey, apiVersion, correlationId };
  if (!w.ok) return malformed;
  if (api?.request == null || apiVersion < api.versions[0] || apiVersion > api.versions[1]) return req;
  const flexible = apiVersion >= api.flexibleFrom;
  if (flexible) w.skipTaggedFields();
  const body = decodeBody(w, api.request, apiVersion, flexible);
  if (body === null) return malformed;
  req.entries = body.topics;
  req.topics = [...new Set(body.names)];
  req.topicsKnown = body.namesKnown;
  req.noResponse = body.acks === 0;
  return req;
}
