import type { SliceReader } from '../../framework/slice-reader.ts';
import { apiSchema, type ApiSchema } from './apis/index.ts';
import { decodeBody, type DecodedBody, type Echoed, type Entry } from './schema.ts';
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
  /** Topics and partitions in request order, echoed by a denial (APIs read for policy only). */
  entries: Entry[];
  /** The body's echo fields (APIs read for policy only). */
  top: Map<string, Echoed>;
  /** Where the body starts (after the client id; a flexible version's header tagged fields come first). */
  bodyAt: number;
  /** False when the body was not read for policy (or names a topic by id): a topic rule cannot allow it. */
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
    apiKey, apiVersion, correlationId, clientId, api, topics: [], entries: [], top: new Map(), bodyAt: w.pos,
    topicsKnown: false, topicFree: api?.topicFree ?? false, noResponse: false,
  };
  const malformed = { malformed: true as const, apiKey, apiVersion, correlationId };
  if (!w.ok) return malformed;
  if (api?.readFor !== 'policy' || !knowsVersion(api, apiVersion)) return req;
  const body = readBody(r, req, frameLength);
  if (body === null) return malformed;
  req.entries = body.entries;
  req.top = body.top;
  req.topics = [...new Set(body.names)];
  req.topicsKnown = body.namesKnown;
  req.noResponse = body.acks === 0;
  return req;
}

export function knowsVersion(api: ApiSchema, version: number): boolean {
  return version >= api.versions[0] && version <= api.versions[1];
}

/** Decodes the body of `req` (an API with a request layout, a version we know); null when it does not fit. */
export function readBody(r: SliceReader, req: KafkaRequest, frameLength: number): DecodedBody | null {
  const api = req.api!;
  const flexible = req.apiVersion >= api.flexibleFrom;
  const w = new WireReader(r, req.bodyAt, frameLength);
  if (flexible) w.skipTaggedFields();
  return decodeBody(w, api.request!, req.apiVersion, flexible);
}
