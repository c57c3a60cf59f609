import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-results.ts';
import { crossingChart, latencyChart, throughputChart } from './charts.ts';
import { renderSvg } from './render-svg.ts';
import { reportMarkdown } from './report-markdown.ts';

const IMAGES = { crossing: 'crossing.svg', throughput: 'throughput.svg', latency: 'latency.svg' };

/**
 * Writes the report into `dir`: report.md, an SVG per chart, and results.json (the figures it was made
 * from, so the report can be drawn again with `tsproxylib bench --from`). Returns the paths written.
 */
export async function writeReport(dir: string, results: BenchResults): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [];
  if (results.crossing) files.push([IMAGES.crossing, await renderSvg(crossingChart(results.crossing))]);
  if (results.envoy) {
    files.push([IMAGES.throughput, await renderSvg(throughputChart(results.envoy))]);
    files.push([IMAGES.latency, await renderSvg(latencyChart(results.envoy))]);
  }
  files.push(['report.md', reportMarkdown(results, IMAGES)], ['results.json', `${JSON.stringify(results, null, 1)}\n`]);
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}
