import { xdsTypes } from '../proto/xds-types.ts';

/** A DiscoveryResponse as the NPDS client hands it on. */
export interface DiscoveryResponseData {
  versionInfo: string;
  typeUrl: string;
  nonce: string;
  /** Each resource's Any: its type URL and serialized message. */
  resources: Array<{ typeUrl: string; value: Uint8Array }>;
}

/** The fields of a DiscoveryRequest the proxylib fills (no resource names: all policies). */
export interface DiscoveryRequestData {
  versionInfo: string;
  nodeId: string;
  typeUrl: string;
  responseNonce: string;
  /** google.rpc.Status message of a NACK; null on the initial request and on an ACK. */
  errorMessage: string | null;
}

export function encodeDiscoveryRequest(r: DiscoveryRequestData): Uint8Array {
  const { DiscoveryRequest } = xdsTypes();
  return DiscoveryRequest.encode(DiscoveryRequest.fromObject({
    versionInfo: r.versionInfo,
    node: { id: r.nodeId },
    typeUrl: r.typeUrl,
    responseNonce: r.responseNonce,
    ...(r.errorMessage === null ? {} : { errorDetail: { message: r.errorMessage } }),
  })).finish();
}

export function decodeDiscoveryRequest(bytes: Uint8Array): DiscoveryRequestData & { resourceNames: string[]; hasErrorDetail: boolean } {
  const { DiscoveryRequest } = xdsTypes();
  const o = DiscoveryRequest.toObject(DiscoveryRequest.decode(bytes), { defaults: true }) as {
    versionInfo: string; node?: { id: string } | null; typeUrl: string; responseNonce: string; resourceNames: string[];
    errorDetail?: { message: string } | null;
  };
  return {
    versionInfo: o.versionInfo,
    nodeId: o.node?.id ?? '',
    typeUrl: o.typeUrl,
    responseNonce: o.responseNonce,
    errorMessage: o.errorDetail ? o.errorDetail.message : null,
    resourceNames: o.resourceNames,
    hasErrorDetail: o.errorDetail != null,
  };
}

export function encodeDiscoveryResponse(r: DiscoveryResponseData): Uint8Array {
  const { DiscoveryResponse } = xdsTypes();
  return DiscoveryResponse.encode(DiscoveryResponse.fromObject(r)).finish();
}

/** Parses a DiscoveryResponse; throws on bytes that are not one. */
export function decodeDiscoveryResponse(bytes: Uint8Array): DiscoveryResponseData {
  const { DiscoveryResponse } = xdsTypes();
  const o = DiscoveryResponse.toObject(DiscoveryResponse.decode(bytes), { defaults: true }) as {
    versionInfo: string; typeUrl: string; nonce: string; resources: Array<{ typeUrl: string; value: Uint8Array }>;
  };
  return {
    versionInfo: o.versionInfo,
    typeUrl: o.typeUrl,
    nonce: o.nonce,
    resources: o.resources.map((r) => ({ typeUrl: r.typeUrl, value: r.value })),
  };
}
