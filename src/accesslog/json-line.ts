import { EntryType, type LogEntryFields } from './entry.ts';

const HTTP_PROTOCOLS = ['HTTP10', 'HTTP11', 'HTTP2'];

/**
 * One access-log entry as a line of the `access-log-file` sink: cilium.LogEntry in the proto3 JSON
 * mapping (lowerCamelCase names, the uint64 timestamp as a decimal string, enums by name), with every
 * field the proxylib fills present even when it holds its default, so each line has the same shape.
 */
export function logEntryJsonLine(entry: LogEntryFields): string {
  const l7 = entry.l7;
  const out: Record<string, unknown> = {
    timestamp: entry.timestampNs.toString(),
    isIngress: entry.isIngress,
    entryType: EntryType[entry.entryType] ?? entry.entryType,
    policyName: entry.policyName,
    sourceSecurityId: entry.sourceSecurityId,
    destinationSecurityId: entry.destinationSecurityId,
    sourceAddress: entry.sourceAddress,
    destinationAddress: entry.destinationAddress,
  };
  if ('genericL7' in l7) out.genericL7 = { proto: l7.genericL7.proto, fields: { ...l7.genericL7.fields } };
  else if ('kafka' in l7) out.kafka = { ...l7.kafka, topics: [...l7.kafka.topics] };
  else out.http = { ...l7.http, httpProtocol: HTTP_PROTOCOLS[l7.http.httpProtocol] ?? l7.http.httpProtocol };
  return JSON.stringify(out);
}
