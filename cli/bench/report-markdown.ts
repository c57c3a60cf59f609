import type { CrossingResults, EnvoyResults } from '../../bench/results.ts';
import type { BenchResults } from './bench-results.ts';
import { sizeLabel } from './charts.ts';

const fixed = (n: number, digits = 0) => n.toFixed(digits);
const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function crossingSection(r: CrossingResults, image: string): string {
  const rows = r.rows.map((x) => [x.proto, sizeLabel(x.sizeBytes), fixed(x.oursNs), fixed(x.floorNs), fixed(x.oursNs - x.floorNs),
                                 fixed(x.oursNs / x.floorNs, 2), x.note]);
  return [
    '## OnData crossing', '',
    `${r.iterations} iterations per cell, through the harness (the library dlopen()ed as Envoy does). Machine: ${r.machine}.`, '',
    `![ns per OnData, tsproxylib and the C++ floor](${image})`, '',
    table(['parser', 'frame', 'tsproxylib ns/call', 'C++ floor ns/call', 'overhead ns', 'ratio', 'what it measures'], rows),
  ].join('\n');
}

function envoySection(r: EnvoyResults, throughput: string, latency: string): string {
  const rows = r.configs.map((c) => [c.name, fixed(c.rps), c.cpuUsPerRequest === null ? '' : fixed(c.cpuUsPerRequest, 2),
                                     fixed(c.p50Us, 1), fixed(c.p99Us, 1), fixed(c.bulkGbit, 2)]);
  return [
    '## Through Envoy', '',
    `Median of ${r.reps} runs of ${r.seconds} s, Envoy --concurrency ${r.concurrency}; requests/s over ${r.connections} connections, ` +
      `latency over one. Parser errors: ${r.parserErrors}. Machine: ${r.machine}.`, '',
    `![throughput per configuration](${throughput})`, '',
    `![latency percentiles per configuration](${latency})`, '',
    table(['config', 'get req/s', 'Envoy CPU µs/req', 'p50 µs', 'p99 µs', 'bulk Gbit/s'], rows),
  ].join('\n');
}

/** The report's markdown; `images` names the SVG files beside it. */
export function reportMarkdown(results: BenchResults, images: { crossing: string; throughput: string; latency: string }): string {
  const when = results.crossing?.date ?? results.envoy?.date ?? '';
  const parts = [`# tsproxylib benchmark report${when ? ` (${when.slice(0, 10)})` : ''}`];
  if (results.crossing) parts.push(crossingSection(results.crossing, images.crossing));
  if (results.envoy) parts.push(envoySection(results.envoy, images.throughput, images.latency));
  return `${parts.join('\n\n')}\n`;
}
