/**
 * The destination port of a connection, parsed from its "host:port" address exactly as Cilium's
 * proxylib does (Go's net.SplitHostPort, then strconv.ParseUint(port, 10, 32)); null means
 * INVALID_ADDRESS.
 */
export function parseDestinationPort(dstAddr: string): number | null {
  const split = splitHostPort(dstAddr);
  if (split === null) return null;
  const port = parsePort(split.port);
  // Port 0 is reserved for the wildcard entry of a policy.
  return port === 0 ? null : port;
}

export interface HostPort {
  host: string;
  port: string;
}

/**
 * Go's net.SplitHostPort: "host:port" or "[host]:port" (an IPv6 host must be bracketed). The host is
 * not validated and may be empty; null for a missing port, a missing or misplaced bracket, or too many
 * colons.
 */
export function splitHostPort(hostport: string): HostPort | null {
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return null;
  let host: string;
  // Brackets may appear only around the host, so no '[' after hostStart and no ']' after hostEnd.
  let hostStart = 0;
  let hostEnd = 0;
  if (hostport[0] === '[') {
    const close = hostport.indexOf(']');
    if (close < 0 || close + 1 !== colon) return null;
    host = hostport.slice(1, close);
    hostStart = 1;
    hostEnd = close + 1;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':')) return null;
  }
  if (hostport.indexOf('[', hostStart) >= 0) return null;
  if (hostport.indexOf(']', hostEnd) >= 0) return null;
  return { host, port: hostport.slice(colon + 1) };
}

const MAX_UINT32 = 0xffffffff;

/** strconv.ParseUint(s, 10, 32): ASCII digits only (leading zeros allowed), at most 2^32-1; else null. */
function parsePort(s: string): number | null {
  if (s.length === 0) return null;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const digit = s.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
    if (value > MAX_UINT32) return null;
  }
  return value;
}
