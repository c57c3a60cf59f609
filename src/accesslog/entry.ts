import protobuf from 'protobufjs';
import { ACCESSLOG_PROTO } from './accesslog-proto.ts';

/** cilium.EntryType. In the access-log counts of Cilium's tests, Denied is a drop, anything else a pass. */
export enum EntryType {
  Request = 0,
  Response = 1,
  Denied = 2,
}

export type EntryTypeName = keyof typeof EntryType;

/** cilium.L7LogEntry: what generic proxylib parsers log, e.g. {proto: 'r2d2', fields: {cmd: 'READ'}}. */
export interface GenericL7Entry {
  proto: string;
  fields: Record<string, string>;
}

/** cilium.KafkaLogEntry. */
export interface KafkaEntry {
  correlationId: number;
  errorCode: number;
  apiVersion: number;
  apiKey: number;
  topics: string[];
}

export interface KeyValue {
  key: string;
  value: string;
}

/** cilium.HttpLogEntry (httpProtocol: 0 HTTP10, 1 HTTP11, 2 HTTP2). */
export interface HttpEntry {
  httpProtocol: number;
  scheme: string;
  host: string;
  path: string;
  method: string;
  headers: KeyValue[];
  status: number;
  missingHeaders: KeyValue[];
  rejectedHeaders: KeyValue[];
}

/** The `l7` oneof of a LogEntry: exactly one member. */
export type L7Entry = { genericL7: GenericL7Entry } | { kafka: KafkaEntry } | { http: HttpEntry };

/** Everything a LogEntry carries; proxy_id and cilium_rule_ref stay unset, as in Cilium's proxylib. */
export interface LogEntryFields {
  /** Nanoseconds since the Unix epoch. */
  timestampNs: bigint;
  isIngress: boolean;
  entryType: EntryType;
  policyName: string;
  sourceSecurityId: number;
  destinationSecurityId: number;
  sourceAddress: string;
  destinationAddress: string;
  l7: L7Entry;
}

/** A decoded LogEntry, for tests and tools. */
export interface DecodedLogEntry {
  timestampNs: bigint;
  isIngress: boolean;
  entryType: EntryTypeName;
  policyName: string;
  proxyId: number;
  ciliumRuleRef: string;
  sourceSecurityId: number;
  destinationSecurityId: number;
  sourceAddress: string;
  destinationAddress: string;
  genericL7?: GenericL7Entry;
  kafka?: KafkaEntry;
  http?: HttpEntry;
}

const root = protobuf.parse(ACCESSLOG_PROTO).root;
const LogEntry = root.lookupType('cilium.LogEntry');

/** @internal Serializes one cilium.LogEntry. */
export function encodeLogEntry(entry: LogEntryFields): Uint8Array {
  const ns = entry.timestampNs;
  // protobufjs takes 64-bit values as {low, high} halves.
  const timestamp = { low: Number(ns & 0xffffffffn) | 0, high: Number((ns >> 32n) & 0xffffffffn) | 0, unsigned: true };
  return LogEntry.encode({
    timestamp,
    isIngress: entry.isIngress,
    entryType: entry.entryType,
    policyName: entry.policyName,
    sourceSecurityId: entry.sourceSecurityId,
    destinationSecurityId: entry.destinationSecurityId,
    sourceAddress: entry.sourceAddress,
    destinationAddress: entry.destinationAddress,
    ...entry.l7,
  }).finish();
}

/** Parses one serialized cilium.LogEntry, with every scalar field present. */
export function decodeLogEntry(bytes: Uint8Array): DecodedLogEntry {
  const o = LogEntry.toObject(LogEntry.decode(bytes), { longs: String, defaults: true, oneofs: false });
  const entry: DecodedLogEntry = {
    timestampNs: BigInt(o.timestamp as string),
    isIngress: o.isIngress as boolean,
    entryType: EntryType[o.entryType as EntryType] as EntryTypeName,
    policyName: o.policyName as string,
    proxyId: o.proxyId as number,
    ciliumRuleRef: o.ciliumRuleRef as string,
    sourceSecurityId: o.sourceSecurityId as number,
    destinationSecurityId: o.destinationSecurityId as number,
    sourceAddress: o.sourceAddress as string,
    destinationAddress: o.destinationAddress as string,
  };
  if (o.genericL7 != null) entry.genericL7 = o.genericL7 as GenericL7Entry;
  if (o.kafka != null) entry.kafka = o.kafka as KafkaEntry;
  if (o.http != null) entry.http = o.http as HttpEntry;
  return entry;
}

/** Wall-clock minus monotonic clock, taken once, so timestamps are both epoch-based and monotonic. */
const EPOCH_OFFSET_NS = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** @internal Now, in nanoseconds since the Unix epoch. */
export function nowNs(): bigint {
  return EPOCH_OFFSET_NS + process.hrtime.bigint();
}
