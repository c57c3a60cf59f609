import type { CrossingResults, EnvoyResults } from '../../bench/results.ts';

/** One benchmark session: what was measured (either part may be missing when it was not run). */
export interface BenchResults {
  crossing?: CrossingResults;
  envoy?: EnvoyResults;
}
