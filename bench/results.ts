/**
 * What the benchmarks print with `--json`: the measured figures before any table is made of them. The
 * CLI's `tsproxylib bench` collects these and draws its report from them (cli/bench/).
 */
export interface CrossingResults {
  kind: 'crossing';
  date: string;
  machine: string;
  iterations: number;
  rows: Array<{ proto: string; sizeBytes: number; note: string; oursNs: number; floorNs: number }>;
}

export interface EnvoyResults {
  kind: 'envoy';
  date: string;
  machine: string;
  seconds: number;
  reps: number;
  connections: number;
  concurrency: number;
  parserErrors: number;
  /** Medians over the runs, one per configuration (direct, tcp_proxy, filter + test.passer, filter + C++ passer). */
  configs: Array<{ name: string; rps: number; cpuUsPerRequest: number | null; p50Us: number; p99Us: number; bulkGbit: number }>;
}
