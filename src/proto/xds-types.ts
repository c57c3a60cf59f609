import protobuf from 'protobufjs';
import { ENVOY_CORE_PROTO, ENVOY_DISCOVERY_PROTO, ENVOY_MATCHER_PROTO, ENVOY_ROUTE_PROTO, ENVOY_TYPE_PROTO } from './envoy-protos.ts';
import { GOOGLE_PROTOS, GOOGLE_RPC_PROTO } from './google-protos.ts';
import { NPDS_PROTO } from './npds-proto.ts';

/** The type URL of NPDS resources, in requests, responses and each resource's Any. */
export const NETWORK_POLICY_TYPE_URL = 'type.googleapis.com/cilium.NetworkPolicy';

/** The gRPC method the proxylib streams policies over (state of the world). */
export const STREAM_NETWORK_POLICIES_PATH = '/cilium.NetworkPolicyDiscoveryService/StreamNetworkPolicies';

export interface XdsTypes {
  readonly root: protobuf.Root;
  readonly DiscoveryRequest: protobuf.Type;
  readonly DiscoveryResponse: protobuf.Type;
  readonly NetworkPolicy: protobuf.Type;
  readonly Any: protobuf.Type;
}

let types: XdsTypes | undefined;

/**
 * The protobuf types of NPDS, parsed on first use: only the isolate that talks to the control plane
 * (and tests) needs them, worker isolates never pay for parsing them.
 */
export function xdsTypes(): XdsTypes {
  if (types === undefined) {
    const root = new protobuf.Root();
    for (const source of [GOOGLE_PROTOS, GOOGLE_RPC_PROTO, ENVOY_CORE_PROTO, ENVOY_TYPE_PROTO, ENVOY_MATCHER_PROTO,
                          ENVOY_ROUTE_PROTO, ENVOY_DISCOVERY_PROTO, NPDS_PROTO]) {
      protobuf.parse(source, root, { keepCase: false });
    }
    root.resolveAll();
    types = {
      root,
      DiscoveryRequest: root.lookupType('envoy.service.discovery.v3.DiscoveryRequest'),
      DiscoveryResponse: root.lookupType('envoy.service.discovery.v3.DiscoveryResponse'),
      NetworkPolicy: root.lookupType('cilium.NetworkPolicy'),
      Any: root.lookupType('google.protobuf.Any'),
    };
  }
  return types;
}
