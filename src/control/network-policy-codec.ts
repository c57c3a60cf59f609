import { NETWORK_POLICY_TYPE_URL, xdsTypes } from '../proto/xds-types.ts';

/**
 * The resources of a DiscoveryResponse as NetworkPolicy objects in the proto3 JSON mapping: what the
 * policy compiler reads and what is published to the worker isolates. A resource whose Any names
 * another type than the response does, or whose bytes are not a NetworkPolicy, fails the whole update.
 */
export function networkPoliciesFromAny(responseTypeUrl: string,
                                       resources: ReadonlyArray<{ typeUrl: string; value: Uint8Array }>): unknown[] {
  const { NetworkPolicy } = xdsTypes();
  return resources.map((any, i) => {
    if (any.typeUrl !== responseTypeUrl) {
      throw new Error(`resource ${i} is a ${any.typeUrl || '(no type)'}, the response carries ${responseTypeUrl}`);
    }
    let decoded;
    try {
      decoded = NetworkPolicy.decode(any.value);
    } catch (e) {
      throw new Error(`resource ${i} is not a valid cilium.NetworkPolicy: ${e instanceof Error ? e.message : String(e)}`);
    }
    // 64-bit integers as decimal strings and enums by name, as the proto3 JSON mapping writes them.
    return NetworkPolicy.toObject(decoded, { longs: String, enums: String, json: true });
  });
}

/** Serializes NetworkPolicy objects (proto3 JSON mapping) as the Anys of a DiscoveryResponse. */
export function networkPoliciesToAny(policies: readonly unknown[]): Array<{ typeUrl: string; value: Uint8Array }> {
  const { NetworkPolicy } = xdsTypes();
  return policies.map((p) => ({
    typeUrl: NETWORK_POLICY_TYPE_URL,
    value: NetworkPolicy.encode(NetworkPolicy.fromObject(p as Record<string, unknown>)).finish(),
  }));
}
