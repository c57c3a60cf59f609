import { builtins } from '../../src/parsers/index.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { Failure, UsageError } from '../errors.ts';
import { summarize, type FrameRow } from '../report/frame-row.ts';
import { streamSummaryText } from '../report/stream-summary-text.ts';
import { formatTable } from '../report/table.ts';
import { checkParser, parsePortMap } from '../replay/port-map.ts';
import { replayCapture } from '../replay/replay-capture.ts';
import { runCase } from '../vectors/run-case.ts';
import { defaultVectorFiles, loadFrameVectors, parserOverrides } from '../vectors/vector-files.ts';

const help = `usage: tsproxylib test <proto> [vectors [FILE ...]] [--json]
       tsproxylib test <proto> pcap FILE [--port PORT=PARSER ...] [--policy FILE] [--json]

Runs a parser in plain Node (the in-memory bridge, no native code) and prints a verdict table.

vectors (the default): the parser's vector files (src/parsers/<proto>/vectors/*.json, the anchor
  schema the project's vector runner reads), or the FILEs named. One row per call and check:
  direction, bytes, verdict, expected, ok; then a summary. Exit code 1 when any expectation fails.

pcap FILE: a pcap or pcapng capture (Ethernet, Linux cooked, loopback or raw IP; IPv4 and IPv6). Each
  TCP connection is reassembled in both directions (sequence numbers, retransmissions, out-of-order
  segments) and fed through its parser as Envoy would: client bytes as requests, server bytes as
  replies. One row per frame the parser decides (with the access-log entry it wrote), and a summary
  per connection. Exit code 1 when a connection fails (parser ERROR, connection refused).

  --port PORT=PARSER   the parser for connections to server port PORT (repeatable); connections to
                       other ports go to <proto>
  --policy FILE        the policy: a policy file as the policy-file parameter reads it (JSON or
                       YAML NetworkPolicy list) naming the capture's server addresses; default: allow
                       all requests on every server port seen
  --json               print the same as JSON
`;

const MODES = ['vectors', 'pcap'];

export const command: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('test', argv, {
      port: { type: 'string', multiple: true }, policy: { type: 'string' }, json: { type: 'boolean' },
    });
    const [proto, mode = 'vectors', ...files] = positionals;
    if (proto === undefined) throw new UsageError('test: name the parser, e.g. tsproxylib test r2d2');
    if (!MODES.includes(mode)) throw new UsageError(`test: "${mode}" is not a mode: use vectors or pcap (see tsproxylib test --help)`);
    const known = new Set(builtins.map((m) => m.name));
    if (mode === 'pcap') {
      if (files.length !== 1) throw new UsageError('test: pcap takes one capture file: tsproxylib test <proto> pcap FILE');
      checkParser(proto, known);
      return testCapture(io, files[0]!, proto, parsePortMap(values.port ?? [], known), values.policy, values.json ?? false);
    }
    if (values.port || values.policy) throw new UsageError('test: --port and --policy apply to pcap only');
    return testVectors(io, proto, files, values.json ?? false);
  },
};

async function testVectors(io: Io, proto: string, files: string[], json: boolean): Promise<number> {
  const loaded = loadFrameVectors(files.length > 0 ? files : defaultVectorFiles(proto));
  const overrides = await parserOverrides(proto);
  const results = loaded.map(({ name, file }) => ({
    file: name,
    cases: file.cases.filter((c) => Array.isArray(c.steps)).map((vector) => {
      const override = overrides[vector.name];
      const c = override ? override(structuredClone(vector)) : vector;
      const rows = runCase(c, `${name}: ${c.name}`);
      return { name: c.name, ok: rows.every((r) => r.ok), rows };
    }),
  }));
  const rows = results.flatMap((f) => f.cases.flatMap((c) => c.rows));
  const summary = summarize(rows);
  const failedCases = results.flatMap((f) => f.cases.filter((c) => !c.ok).map((c) => `${f.file}: ${c.name}`));
  if (json) {
    io.out(`${JSON.stringify({ parser: proto, files: results, summary: { ...summary, failedCases } }, null, 1)}\n`);
  } else {
    io.out(formatTable(rows));
    io.out(`\n${results.map((f) => `${f.file}: ${f.cases.length} cases, ${f.cases.filter((c) => !c.ok).length} failed`).join('\n')}\n`);
    io.out(`${summary.groups} cases, ${summary.frames} rows: ${summary.failed === 0 ? 'all as expected' : `${summary.failed} not as expected`}\n`);
    for (const name of failedCases) io.out(`  FAILED ${name}\n`);
  }
  return summary.failed === 0 ? 0 : 1;
}

function testCapture(io: Io, file: string, parser: string, ports: ReturnType<typeof parsePortMap>, policyFile: string | undefined,
                     json: boolean): number {
  const report = replayCapture(file, { parser, ports, policyFile });
  const failed = report.streams.filter((s) => s.summary.failure !== null).length;
  if (json) {
    io.out(`${JSON.stringify({ ...report, summary: { streams: report.streams.length, failed } }, null, 1)}\n`);
  } else {
    io.out(`${file}: ${report.packets} packets (${report.skippedPackets} not TCP), ${report.streams.length} TCP connections; policy: ${report.policy}\n`);
    for (const s of report.streams) {
      io.out(s.rows.length > 0 ? formatTable(s.rows as FrameRow[], false) : `\n${s.summary.client} → ${s.summary.server} (${s.summary.parser})\n  (no data)\n`);
      io.out(`${streamSummaryText(s.summary)}\n`);
    }
    io.out(`\n${report.streams.length} connections: ${failed === 0 ? 'none failed' : `${failed} failed`}\n`);
  }
  if (report.streams.length === 0) throw new Failure(`test: ${file} holds no TCP connection`);
  return failed === 0 ? 0 : 1;
}
