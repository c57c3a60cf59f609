import { readFileSync } from 'node:fs';
import { readPolicyFile } from '../../src/policy/local-file.ts';
import { createHarness } from '../../src/testing/harness.ts';
import { Failure } from '../errors.ts';
import { readCapture } from '../pcap/capture-file.ts';
import { CaptureError } from '../pcap/captured-packet.ts';
import { tcpStreams } from '../pcap/tcp-streams.ts';
import type { FrameRow } from '../report/frame-row.ts';
import { allowAllPolicy } from './default-policy.ts';
import type { PortMap } from './port-map.ts';
import { replayStream, type StreamSummary } from './replay-stream.ts';

export interface CaptureReport {
  capture: string;
  packets: number;
  skippedPackets: number;
  /** Where the policy came from: a file, or the allow-all default. */
  policy: string;
  streams: Array<{ summary: StreamSummary; rows: FrameRow[] }>;
}

export interface ReplayOptions {
  /** The parser of streams whose server port is not in `ports`. */
  parser: string;
  ports: PortMap;
  policyFile?: string;
}

/** Reads a capture, reassembles its TCP streams and runs each through its parser under the policy. */
export function replayCapture(file: string, options: ReplayOptions): CaptureReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Failure(`test: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let found;
  let packets;
  try {
    packets = readCapture(bytes);
    found = tcpStreams(packets, (port) => options.ports.has(port));
  } catch (e) {
    if (e instanceof CaptureError) throw new Failure(`test: ${file}: ${e.message}`);
    throw e;
  }
  const streams = found.streams.map((stream) => ({ stream, parser: options.ports.get(stream.server.port) ?? options.parser }));
  let policy: unknown[];
  try {
    policy = options.policyFile ? readPolicyFile(options.policyFile) : allowAllPolicy(streams);
  } catch (e) {
    throw new Failure(`test: ${(e as Error).message}`);
  }
  const harness = createHarness();
  const answer = harness.insertPolicy(policy);
  if (!answer.ok) throw new Failure(`test: the policy was refused: ${answer.error}`);
  return {
    capture: file, packets: packets.length, skippedPackets: found.skippedPackets,
    policy: options.policyFile ?? 'allow all (no L7 rules)',
    streams: streams.map(({ stream, parser }) => replayStream(harness, stream, parser)),
  };
}
