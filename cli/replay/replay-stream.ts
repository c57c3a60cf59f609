/**
 * Feeds one reassembled TCP stream through a parser as Envoy would (test/support/envoy-model.ts over the
 * in-memory bridge): client bytes in the request direction, server bytes in the reply direction, in the
 * order the capture delivered them. Every frame the parser decides becomes a row; the access-log entries
 * a call wrote go beside the frames they decided.
 */
import type { DecodedLogEntry } from '../../src/accesslog/entry.ts';
import { FilterResult, Op, OpError } from '../../src/framework/types.ts';
import type { Harness, TestConnection } from '../../src/testing/harness.ts';
import { EnvoyModel, type ModelCall } from '../../test/support/envoy-model.ts';
import { endpointText, type TcpStream } from '../pcap/tcp-streams.ts';
import type { FrameRow } from '../report/frame-row.ts';
import { describeEntry } from '../vectors/access-log-check.ts';
import { showBytes } from '../vectors/bytes.ts';

export interface StreamSummary {
  client: string;
  server: string;
  parser: string;
  /** OnNewConnection's answer (OK, or why the connection was refused). */
  connection: string;
  frames: { request: { passed: number; dropped: number }; reply: { passed: number; dropped: number } };
  bytes: { request: { passed: number; dropped: number }; reply: { passed: number; dropped: number } };
  log: { requests: number; denied: number; responses: number; other: number };
  /** Why the connection failed (an ERROR op, a bad OnData result), or null. */
  failure: string | null;
  sawSyn: boolean;
  retransmittedBytes: number;
  missingBytes: number;
}

export interface StreamReport {
  rows: FrameRow[];
  summary: StreamSummary;
}

let nextId = 1;

export function replayStream(harness: Harness, stream: TcpStream, parser: string): StreamReport {
  const group = `${endpointText(stream.client)} → ${endpointText(stream.server)} (${parser})`;
  const summary: StreamSummary = {
    client: endpointText(stream.client), server: endpointText(stream.server), parser, connection: 'OK',
    frames: { request: { passed: 0, dropped: 0 }, reply: { passed: 0, dropped: 0 } },
    bytes: { request: { passed: 0, dropped: 0 }, reply: { passed: 0, dropped: 0 } },
    log: { requests: 0, denied: 0, responses: 0, other: 0 }, failure: null, sawSyn: stream.sawSyn,
    retransmittedBytes: stream.retransmittedBytes, missingBytes: stream.missingBytes,
  };
  const rows: FrameRow[] = [];
  const id = String(nextId++);
  const { result, slot } = harness.bridge.newConnection({
    instanceId: harness.module, proto: parser, id, ingress: true, srcId: 1, dstId: 2,
    srcAddr: summary.client, dstAddr: summary.server, policyName: stream.server.ip, injectBufSize: 1024,
  });
  if (result !== FilterResult.OK) {
    summary.connection = FilterResult[result]!;
    summary.failure = `connection refused: ${summary.connection}`;
    rows.push({ group, direction: '', bytes: 0, verdict: `connection refused: ${summary.connection}`, expected: '', ok: false });
    return { rows, summary };
  }
  const conn: TestConnection = { harness, id, slot, result: 'OK' };
  let logged = harness.bridge.logs.length;
  const onCall = (call: ModelCall) => {
    const entries = harness.bridge.logs.slice(logged).map((l) => l.entry);
    logged = harness.bridge.logs.length;
    count(summary, entries);
    rows.push(...callRows(group, call, entries, summary));
  };
  const model = new EnvoyModel(conn, 1024, 16, onCall);
  for (const chunk of stream.chunks) {
    model.data(!chunk.fromClient, chunk.data);
    if (model.reason !== null) break;
  }
  summary.failure = model.reason;
  harness.close(conn);
  return { rows, summary };
}

function count(summary: StreamSummary, entries: readonly DecodedLogEntry[]): void {
  for (const e of entries) {
    if (e.entryType === 'Request') summary.log.requests++;
    else if (e.entryType === 'Denied') summary.log.denied++;
    else if (e.entryType === 'Response') summary.log.responses++;
    else summary.log.other++;
  }
}

/**
 * Rows for one call: a row per frame op (MORE only asks for bytes and is left out), with the call's log
 * entries beside its PASS/DROP frames in order (parsers log one entry per request they decide).
 */
function callRows(group: string, call: ModelCall, entries: DecodedLogEntry[], summary: StreamSummary): FrameRow[] {
  const direction = call.reply ? 'reply' : 'request';
  const rows: FrameRow[] = [];
  if (call.result !== FilterResult.OK) {
    rows.push({ group, direction, bytes: call.input, verdict: `OnData ${FilterResult[call.result]}`, expected: '', ok: false });
  }
  let injectedAt = 0;
  const pending = [...entries];
  for (const [op, n] of call.ops) {
    let verdict: string;
    if (op === Op.PASS || op === Op.DROP) {
      const passed = op === Op.PASS;
      summary.frames[direction][passed ? 'passed' : 'dropped']++;
      summary.bytes[direction][passed ? 'passed' : 'dropped'] += n;
      const entry = pending.shift();
      verdict = `${Op[op]}${entry ? ` — ${describeEntry(entry)}` : ''}`;
    } else if (op === Op.INJECT) {
      verdict = `INJECT ${showBytes(call.injected.subarray(injectedAt, injectedAt + n))}`;
      injectedAt += n;
    } else if (op === Op.ERROR) {
      verdict = `ERROR ${OpError[n] ?? n}`;
    } else {
      continue;
    }
    rows.push({ group, direction, bytes: n, verdict, expected: '', ok: op !== Op.ERROR });
  }
  for (const entry of pending) rows.push({ group, direction, bytes: 0, verdict: `log ${describeEntry(entry)}`, expected: '', ok: true });
  if (call.reverseInjected.length > 0) {
    const towards = call.reply ? 'server' : 'client';
    rows.push({ group, direction, bytes: call.reverseInjected.length, verdict: `inject to ${towards} ${showBytes(call.reverseInjected)}`, expected: '', ok: true });
  }
  return rows;
}
