import type { TopLevelSpec } from 'vega-lite';
import type { CrossingResults, EnvoyResults } from '../../bench/results.ts';

const WIDTH = 520;
const HEIGHT = 280;

/** Frame sizes as the benchmark tables write them. */
export function sizeLabel(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

/** ns per OnData for each parser and frame size, ours beside the C++ floor (log scale: they differ tenfold). */
export function crossingChart(r: CrossingResults): TopLevelSpec {
  const values = r.rows.flatMap((row) => [
    { parser: row.proto, frame: sizeLabel(row.sizeBytes), size: row.sizeBytes, library: 'tsproxylib', ns: row.oursNs },
    { parser: row.proto, frame: sizeLabel(row.sizeBytes), size: row.sizeBytes, library: 'C++ floor', ns: row.floorNs },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `OnData crossing, ns per call (${r.iterations} iterations per cell)`,
    data: { values },
    facet: { column: { field: 'parser', type: 'nominal', title: null } },
    spec: {
      width: 150, height: HEIGHT, mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'frame', type: 'ordinal', sort: { field: 'size' }, title: 'frame' },
        xOffset: { field: 'library', type: 'nominal' },
        y: { field: 'ns', type: 'quantitative', scale: { type: 'log' }, title: 'ns per OnData (log)' },
        color: { field: 'library', type: 'nominal', title: 'library' },
      },
    },
  };
}

/** Requests per second and bulk throughput per configuration. */
export function throughputChart(r: EnvoyResults): TopLevelSpec {
  const values = r.configs.flatMap((c) => [
    { config: c.name, measure: `memcached get, req/s (${r.connections} connections)`, value: c.rps },
    { config: c.name, measure: 'bulk TCP, Gbit/s (iperf3)', value: c.bulkGbit },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Throughput through Envoy (median of ${r.reps} × ${r.seconds} s)`,
    data: { values },
    facet: { row: { field: 'measure', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: WIDTH, height: 120, mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'config', type: 'nominal', sort: null, title: null },
        x: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'config', type: 'nominal', legend: null },
      },
    },
  };
}

/** p50 and p99 request latency over one connection, per configuration. */
export function latencyChart(r: EnvoyResults): TopLevelSpec {
  const values = r.configs.flatMap((c) => [
    { config: c.name, percentile: 'p50', us: c.p50Us },
    { config: c.name, percentile: 'p99', us: c.p99Us },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Latency percentiles, one connection (µs)',
    data: { values },
    width: WIDTH, height: HEIGHT, mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'config', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'percentile', type: 'nominal' },
      y: { field: 'us', type: 'quantitative', title: 'µs' },
      color: { field: 'percentile', type: 'nominal', title: 'percentile' },
    },
  };
}
