import { createRequire } from 'node:module';
import type { NativeBridge } from '../framework/host.ts';
import type { ParserModule } from '../framework/parser.ts';

/**
 * The parser list with an optional extra bundle: a CommonJS file exporting `parsers`, an array of
 * ParserModule. A module of the bundle replaces the built-in one of the same name. A bundle that cannot
 * be loaded is refused with a message on the library's log, and the built-in parsers serve alone.
 */
export function withParserBundle(builtins: readonly ParserModule[], bundlePath: string | undefined,
                                 bridge: Pick<NativeBridge, 'print'>): readonly ParserModule[] {
  if (bundlePath === undefined || bundlePath === '') return builtins;
  let extra: readonly ParserModule[];
  try {
    extra = loadParsers(bundlePath);
  } catch (e) {
    bridge.print(3, `parser bundle ${bundlePath} refused: ${e instanceof Error ? e.message : String(e)}`);
    return builtins;
  }
  const byName = new Map(builtins.map((m) => [m.name, m]));
  for (const module of extra) byName.set(module.name, module);
  bridge.print(1, `parser bundle ${bundlePath}: ${extra.map((m) => m.name).join(', ')}`);
  return [...byName.values()];
}

function loadParsers(bundlePath: string): readonly ParserModule[] {
  const exported: unknown = createRequire(bundlePath)(bundlePath);
  const parsers = (exported as { parsers?: unknown } | null)?.parsers;
  if (!Array.isArray(parsers)) throw new TypeError('it does not export a "parsers" array');
  parsers.forEach((m: unknown, i) => {
    const module = m as Partial<ParserModule> | null;
    if (typeof module?.name !== 'string' || typeof module.create !== 'function') {
      throw new TypeError(`parsers[${i}] is not a parser module (name and create)`);
    }
  });
  return parsers as ParserModule[];
}
