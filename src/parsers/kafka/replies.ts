import type { SliceReader } from '../../framework/slice-reader.ts';
import { ErrorCode } from './apis/index.ts';
import { knowsVersion, readBody, type KafkaRequest } from './requests.ts';
import { encodeBody, type DecodedBody, type Entry } from './schema.ts';
import { WireWriter } from './wire.ts';

/**
 * What we answer a denied request with, in the request's API and version: the API's authorization
 * error wherever its response carries an error (top level, per topic and partition, per group,
 * resource or ACL the request named), everything else empty.
 *
 *   size:i32 | correlation_id:i32 | tagged fields (header v1: flexible versions, except ApiVersions) | body
 *
 * `response` is null when no exact answer exists (an unknown key, a version beyond apis/, a body
 * that does not decode): the connection is then closed, as Kafka closes it on a version it does not
 * speak.
 */
export interface Denial {
  /** The error the answer carries (the access log records it). */
  errorCode: number;
  response: Uint8Array | null;
  /** The topics the request names, as far as we read them. */
  topics: string[];
}

const API_VERSIONS = 18;

export function denialOf(req: KafkaRequest, frame: SliceReader, frameLength: number): Denial {
  const api = req.api;
  if (api === undefined) return { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, response: null, topics: [] };
  if (!knowsVersion(api, req.apiVersion)) {
    const response = req.apiKey === API_VERSIONS ? unsupportedApiVersions(req.correlationId, api.versions[1]) : null;
    return { errorCode: response ? ErrorCode.UNSUPPORTED_VERSION : api.error, response, topics: req.topics };
  }
  const body = answered(req, frame, frameLength);
  if (body === null || api.response === null) return { errorCode: api.error, response: null, topics: req.topics };
  const errorFor = (entry: Entry | null) => api.errorFor?.(body.top, entry) ?? api.error;
  const flexible = req.apiVersion >= api.flexibleFrom;
  const w = new WireWriter().i32(req.correlationId);
  if (flexible && req.apiKey !== API_VERSIONS) w.uvarint(0);
  encodeBody(w, api.response, req.apiVersion, flexible, body, errorFor);
  return { errorCode: errorFor(null), response: w.frame(), topics: [...new Set(body.names)] };
}

type Answered = Pick<DecodedBody, 'entries' | 'top' | 'names'>;

/** What the answer must name again: from the policy decode, from reading the body now, or nothing. */
function answered(req: KafkaRequest, frame: SliceReader, frameLength: number): Answered | null {
  const api = req.api!;
  if (api.readFor === 'policy') return { entries: req.entries, top: req.top, names: req.topics };
  if (api.request === null) return { entries: [], top: new Map(), names: [] };
  return readBody(frame, req, frameLength);
}

/**
 * Kafka's answer to an ApiVersions request newer than it speaks: a v0 response with
 * UNSUPPORTED_VERSION naming the ApiVersions versions it does speak, so the client asks again in one
 * of them.
 */
function unsupportedApiVersions(correlationId: number, maxVersion: number): Uint8Array {
  return new WireWriter().i32(correlationId).i16(ErrorCode.UNSUPPORTED_VERSION).i32(1).i16(API_VERSIONS).i16(0).i16(maxVersion).frame();
}
