import type { TcpStream } from '../pcap/tcp-streams.ts';

/**
 * The allow-all policy of a replay: for each server endpoint in the capture, its ports with the parser
 * of each and no L7 rules, so every request is allowed and logged. NetworkPolicy resources, proto3 JSON.
 */
export function allowAllPolicy(streams: ReadonlyArray<{ stream: TcpStream; parser: string }>): unknown[] {
  const byIp = new Map<string, Map<number, string>>();
  for (const { stream, parser } of streams) {
    const ports = byIp.get(stream.server.ip) ?? new Map<number, string>();
    ports.set(stream.server.port, parser);
    byIp.set(stream.server.ip, ports);
  }
  return [...byIp].map(([ip, ports]) => ({
    endpointIps: [ip],
    ingressPerPortPolicies: [...ports].map(([port, l7Proto]) => ({ port, rules: [{ l7Proto }] })),
  }));
}
