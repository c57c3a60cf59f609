/**
 * What the demo runs for each protocol: the parser, the upstream it starts, a policy with an allow
 * rule or two for that upstream, and the requests its clients send (some allowed, some not).
 *
 *   memcache      memcached's text protocol over a real memcached (the default)
 *   r2d2          Cilium's r2d2 toy protocol over a small r2d2 server
 *   headerparser  test.headerparser over a line echo server: one request per line; a denied line is
 *                 dropped and the client gets "Line dropped: <line>" back
 */
import { startLineEcho, startMemcached, startR2d2, type RunningUpstream } from './upstreams.ts';

export interface RequestKind {
  label: string;
  /** Why it should be allowed or denied under the preset's policy, for the reader. */
  expect: string;
  request: string;
}

/** One complete response found at the start of `received`, or null while it is incomplete. */
export type ResponseReader = (received: string) => { length: number; denied: boolean } | null;

export interface Preset {
  name: string;
  parser: string;
  startUpstream(host: string, port: number): Promise<RunningUpstream>;
  /** A NetworkPolicy list (proto3 JSON) for the server `endpoint`:`port`. */
  policy(endpoint: string, port: number): unknown[];
  kinds: RequestKind[];
  readResponse: ResponseReader;
}

const ingressPolicy = (endpoint: string, port: number, l7Proto: string, allow: object[]) => [{
  endpointIps: [endpoint],
  ingressPerPortPolicies: [{ port, rules: [{ l7Proto, l7Rules: { l7AllowRules: allow.map((rule) => ({ rule })) } }] }],
}];

/** Responses that are one line ending in `eol`; `denied` tells a denial from a normal answer. */
function lineResponses(eol: string, denied: (line: string) => boolean): ResponseReader {
  return (received) => {
    const end = received.indexOf(eol);
    return end < 0 ? null : { length: end + eol.length, denied: denied(received.slice(0, end)) };
  };
}

const headerparser: Preset = {
  name: 'headerparser',
  parser: 'test.headerparser',
  startUpstream: startLineEcho,
  policy: (endpoint, port) => ingressPolicy(endpoint, port, 'test.headerparser', [{ prefix: 'GET' }, { prefix: 'HEAD', suffix: 'public' }]),
  kinds: [
    { label: 'GET /index.html', expect: 'allowed: prefix "GET"', request: 'GET /index.html\n' },
    { label: 'HEAD /public', expect: 'allowed: prefix "HEAD", suffix "public"', request: 'HEAD /public\n' },
    { label: 'HEAD /private', expect: 'denied: no rule', request: 'HEAD /private\n' },
    { label: 'DELETE /index.html', expect: 'denied: no rule', request: 'DELETE /index.html\n' },
  ],
  readResponse: lineResponses('\n', (line) => line.startsWith('Line dropped: ')),
};

const r2d2: Preset = {
  name: 'r2d2',
  parser: 'r2d2',
  startUpstream: startR2d2,
  policy: (endpoint, port) => ingressPolicy(endpoint, port, 'r2d2', [{ cmd: 'READ', file: '/public/.*' }, { cmd: 'HALT' }]),
  kinds: [
    { label: 'READ /public/a', expect: 'allowed: cmd READ, file /public/.*', request: 'READ /public/a\r\n' },
    { label: 'HALT', expect: 'allowed: cmd HALT', request: 'HALT\r\n' },
    { label: 'READ /private/b', expect: 'denied: file outside /public/', request: 'READ /private/b\r\n' },
    { label: 'WRITE /public/a', expect: 'denied: no WRITE rule', request: 'WRITE /public/a\r\n' },
  ],
  readResponse: lineResponses('\r\n', (line) => line.startsWith('ERROR')),
};

const memcache: Preset = {
  name: 'memcache',
  parser: 'memcache',
  startUpstream: startMemcached,
  policy: (endpoint, port) => ingressPolicy(endpoint, port, 'memcache', [{ command: 'get', keyPrefix: 'public/' }, { command: 'set', keyPrefix: 'public/' }]),
  kinds: [
    { label: 'set public/a', expect: 'allowed: set, key prefix public/', request: 'set public/a 0 0 5\r\nhello\r\n' },
    { label: 'get public/a', expect: 'allowed: get, key prefix public/', request: 'get public/a\r\n' },
    { label: 'get secret/b', expect: 'denied: key outside public/', request: 'get secret/b\r\n' },
    { label: 'set secret/b', expect: 'denied: key outside public/', request: 'set secret/b 0 0 5\r\nworld\r\n' },
  ],
  // A get answers VALUE lines and END; a set answers one line. Errors are one line too.
  readResponse: (received) => {
    if (received.startsWith('VALUE')) {
      const end = received.indexOf('END\r\n');
      return end < 0 ? null : { length: end + 5, denied: false };
    }
    const end = received.indexOf('\r\n');
    if (end < 0) return null;
    const line = received.slice(0, end);
    return { length: end + 2, denied: /ERROR/.test(line) };
  },
};

export const PRESETS: Record<string, Preset> = { headerparser, r2d2, memcache };
