/**
 * Envoy bootstrap configs for the end-to-end tests and the benchmark: static listeners, each with
 * our network filter (or none, for the tcp_proxy baseline) in front of tcp_proxy to its own cluster.
 * Each listener's name is also its stat prefix (listener.<name>.*), its tcp_proxy stat prefix
 * (tcp.<name>.*), its cluster's name (cluster.<name>.*) and its filter's counter prefix
 * (tsproxylib.<name>.*), so every figure in /stats can be read per listener.
 */
import { FILTER_MODULE_NAME } from './paths.ts';

export type Family = 'ipv4' | 'ipv6';

export function loopback(family: Family): string {
  return family === 'ipv4' ? '127.0.0.1' : '::1';
}

/** Our filter's config (envoy-filter/dynamic_module/filter_settings.h). */
export interface FilterSettings {
  library: string;
  params?: Record<string, string>;
  debug?: boolean;
  connection: Record<string, unknown>;
  stat_prefix?: string;
}

export interface ListenerSpec {
  name: string;
  family: Family;
  upstream: { host: string; port: number };
  /** Absent: tcp_proxy alone. */
  filter?: FilterSettings;
  /** per_connection_buffer_limit_bytes of the listener and of the cluster. */
  bufferLimit?: number;
  port?: number;
  /** Envoy's exact connection balancer: each new connection goes to the worker with the fewest. */
  exactBalance?: boolean;
  /** Network filters placed before ours (set_filter_state, for instance). */
  before?: object[];
}

/** The counters' namespace: our counters show as tsproxylib.<listener>.<name>. */
export const METRICS_NAMESPACE = 'tsproxylib';

export function ourFilter(name: string, settings: FilterSettings): object {
  return {
    name: 'envoy.filters.network.dynamic_modules',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.dynamic_modules.v3.DynamicModuleNetworkFilter',
      dynamic_module_config: { name: FILTER_MODULE_NAME, do_not_close: true, metrics_namespace: METRICS_NAMESPACE },
      filter_name: name,
      filter_config: {
        '@type': 'type.googleapis.com/google.protobuf.StringValue',
        value: JSON.stringify({ stat_prefix: name, ...settings }),
      },
    },
  };
}

function listener(spec: ListenerSpec): object {
  const filters: object[] = [...(spec.before ?? [])];
  if (spec.filter) filters.push(ourFilter(spec.name, spec.filter));
  filters.push({
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
      stat_prefix: spec.name,
      cluster: spec.name,
    },
  });
  return {
    name: spec.name,
    stat_prefix: spec.name,
    address: { socket_address: { address: loopback(spec.family), port_value: spec.port ?? 0 } },
    ...(spec.bufferLimit ? { per_connection_buffer_limit_bytes: spec.bufferLimit } : {}),
    ...(spec.exactBalance ? { connection_balance_config: { exact_balance: {} } } : {}),
    filter_chains: [{ filters }],
  };
}

function cluster(spec: ListenerSpec): object {
  return {
    name: spec.name,
    type: 'STATIC',
    connect_timeout: '5s',
    ...(spec.bufferLimit ? { per_connection_buffer_limit_bytes: spec.bufferLimit } : {}),
    load_assignment: {
      cluster_name: spec.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: spec.upstream.host, port_value: spec.upstream.port } } } }] }],
    },
  };
}

/** A whole bootstrap; the admin interface listens on loopback, on a free port unless one is given. */
export function bootstrap(listeners: ListenerSpec[], adminPort = 0): object {
  return {
    admin: { address: { socket_address: { address: '127.0.0.1', port_value: adminPort } } },
    static_resources: { listeners: listeners.map(listener), clusters: listeners.map(cluster) },
  };
}
