import { UsageError } from '../errors.ts';

/** Server port → parser name, from `--port 11211=memcache` options. */
export type PortMap = ReadonlyMap<number, string>;

export function parsePortMap(options: readonly string[], known: ReadonlySet<string>): PortMap {
  const map = new Map<number, string>();
  for (const option of options) {
    const m = /^(\d+)=(.+)$/.exec(option);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) throw new UsageError(`test: --port expects PORT=PARSER, e.g. --port 11211=memcache; got "${option}"`);
    checkParser(m[2]!, known);
    map.set(port, m[2]!);
  }
  return map;
}

export function checkParser(name: string, known: ReadonlySet<string>): void {
  if (!known.has(name)) throw new UsageError(`test: unknown parser "${name}" (parsers: ${[...known].sort().join(', ')})`);
}
