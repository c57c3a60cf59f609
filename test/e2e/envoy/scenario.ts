/**
 * The scenario files of test/scenarios/ (format in its README), read for playing over real sockets:
 * the same data the C++ harness plays through the algorithm alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SCENARIO_DIR } from './paths.ts';

export type ByteForm =
  | { text: string }
  | { hex: string }
  | { fill: { byte: string; len: number; chunk?: number } }
  | { parts: ByteForm[] };

export type DataEvent = ByteForm & {
  dir: 'orig' | 'reply';
  chunk?: number;
  end?: boolean;
  out?: ByteForm;
  reverse?: ByteForm;
};

export type ScenarioEvent = DataEvent | { destroy: true };

export interface Scenario {
  /** The file name without .json: also the listener, cluster and counter name in Envoy. */
  id: string;
  name: string;
  connection: {
    proto: string;
    moduleParams?: Array<[string, string]>;
    ingress?: boolean;
    srcId?: number;
    dstId?: number;
    policyName?: string;
  };
  events: ScenarioEvent[];
  expect: {
    connectResult?: string | number;
    upstream?: ByteForm;
    downstream?: ByteForm;
    upstreamHalfClosed?: boolean;
    downstreamHalfClosed?: boolean;
    closedByError?: boolean;
    closeCalls?: number;
  };
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ id: path.basename(f, '.json'), ...JSON.parse(readFileSync(path.join(SCENARIO_DIR, f), 'utf8')) }));
}

/** The bytes of a byte form; text is one byte per character, as in the C++ runner. */
export function bytesOf(form: ByteForm): Buffer {
  if ('text' in form) return Buffer.from(form.text, 'latin1');
  if ('hex' in form) return Buffer.from(form.hex, 'hex');
  if ('fill' in form) return Buffer.alloc(form.fill.len, form.fill.byte.charCodeAt(0));
  return Buffer.concat(form.parts.map(bytesOf));
}

/** How the event's bytes are written: one write, or writes of at most `chunk` bytes. */
export function writesOf(event: DataEvent): Buffer[] {
  const bytes = bytesOf(event);
  const chunk = event.chunk ?? ('fill' in event ? event.fill.chunk : undefined);
  if (!chunk || bytes.length <= chunk) return [bytes];
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(bytes.subarray(i, i + chunk));
  return out;
}

export function isData(event: ScenarioEvent): event is DataEvent {
  return !('destroy' in event);
}
