import { Buffer } from 'node:buffer';
import { WireWriter } from './wire.ts';

/** A policy for port 80, remote 1, with the given kafka rules (none: `l7_proto` only, allow all). */
export function kafkaPolicy(...rules: Array<{ apiVersion?: number; apiKeys?: number[]; clientId?: string; topic?: string }>): unknown[] {
  const rule = rules.length === 0
    ? { remotePolicies: [1], l7Proto: 'kafka' }
    : { remotePolicies: [1], l7Proto: 'kafka', kafkaRules: { kafkaRules: rules.map((r) => ({ apiVersion: -1, ...r })) } };
  return [{ endpointIps: ['1.1.1.1'], endpointId: '2', ingressPerPortPolicies: [{ port: 80, rules: [rule] }] }];
}

/** A request frame: header v1 (or v2 when `flexible`) and `body`. */
export function request(apiKey: number, apiVersion: number, correlationId: number, body: (w: WireWriter) => void,
                        opts: { flexible?: boolean; clientId?: string } = {}): string {
  const w = new WireWriter().i16(apiKey).i16(apiVersion).i32(correlationId).string(opts.clientId ?? 'tester', false);
  if (opts.flexible) w.uvarint(0);
  body(w);
  return Buffer.from(w.frame()).toString('latin1');
}

/** A response frame with header v0. */
export function response(correlationId: number, body = ''): string {
  const b = Buffer.from(body, 'latin1');
  const out = Buffer.alloc(8 + b.length);
  out.writeInt32BE(4 + b.length, 0);
  out.writeInt32BE(correlationId, 4);
  b.copy(out, 8);
  return out.toString('latin1');
}

/** Produce v3 with acks and topics (each with one partition 0 and an empty record set). */
export function produceV3(correlationId: number, acks: number, topics: string[]): string {
  return request(0, 3, correlationId, (w) => {
    w.string(null, false).i16(acks).i32(1000).i32(topics.length);
    for (const t of topics) w.string(t, false).i32(1).i32(0).i32(0);
  });
}
