import type { KafkaRequest } from './requests.ts';
import { encodeBody } from './schema.ts';
import { WireWriter } from './wire.ts';

/**
 * The response we send for a denied request, in the request's API and version: every topic and
 * partition it named carries the API's authorization error (TOPIC_AUTHORIZATION_FAILED for topic
 * APIs, GROUP_ or CLUSTER_AUTHORIZATION_FAILED for the others), everything else is empty.
 *
 *   size:i32 | correlation_id:i32 | tagged fields (flexible versions, except ApiVersions) | body
 *
 * Null when we do not know the response layout of that API version.
 */
const API_VERSIONS = 18;

export function denialResponse(req: KafkaRequest): Uint8Array | null {
  const api = req.api;
  if (api?.response == null || req.apiVersion < api.versions[0] || req.apiVersion > api.versions[1]) return null;
  const flexible = req.apiVersion >= api.flexibleFrom;
  const w = new WireWriter().i32(req.correlationId);
  // ApiVersions responses keep header v0 so that any client can read them.
  if (flexible && req.apiKey !== API_VERSIONS) w.uvarint(0);
  encodeBody(w, api.response, req.apiVersion, flexible, req.entries, api.error);
  return w.frame();
}

/** The error code a denial of `req` reports (also what the access log records). */
export function denialError(req: KafkaRequest): number {
  return req.api?.error ?? 29;
}
