import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import type { ParserModule } from '../framework/parser.ts';

/**
 * A parser bundle: one CommonJS file (what `tsproxylib build` writes) exporting `parsers`, an array of
 * ParserModule, and optionally `selfCheck`, a function that throws when the bundle is not fit to serve
 * (e.g. it runs its own vectors). The same source is loaded in the control isolate, which validates it,
 * and in every worker isolate, which serves it.
 */
export interface BundleExports {
  readonly parsers: readonly ParserModule[];
  readonly selfCheck?: () => void;
}

/** A loaded bundle, and V8's code cache of it for the other isolates (they skip parsing with it). */
export interface LoadedBundle extends BundleExports {
  codeCache(): Uint8Array;
}

/** A bundle that cannot serve; the message says why, for the log and the CLI. */
export class BundleError extends Error {
  override name = 'BundleError';
}

/**
 * Evaluates the bundle's source as a CommonJS module of its own and checks its exports. Deliberately
 * not require(): Node's module cache would keep every version alive, and a swap must release the old
 * one once its last connection closes. `require` inside the bundle resolves from the bundle's folder.
 */
export function loadParserBundle(file: string, source: string, cachedData?: Uint8Array): LoadedBundle {
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  let factory: (...args: unknown[]) => void;
  let script: Script;
  try {
    // A cache V8 rejects (another V8 build or flags) only costs the parse it would have saved.
    script = new Script(wrapper, { filename: file, cachedData: cachedData?.length ? cachedData : undefined });
    factory = script.runInThisContext() as typeof factory;
  } catch (e) {
    throw new BundleError(`it does not compile: ${describe(e)}`);
  }
  const module = { exports: {} as Record<string, unknown> };
  try {
    factory.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (e) {
    throw new BundleError(`it throws while loading: ${describe(e)}`);
  }
  return { ...checkExports(module.exports), codeCache: () => script.createCachedData() };
}

function checkExports(exported: unknown): BundleExports {
  const { parsers, selfCheck } = (exported ?? {}) as { parsers?: unknown; selfCheck?: unknown };
  if (!Array.isArray(parsers) || parsers.length === 0) {
    throw new BundleError('it does not export a non-empty "parsers" array');
  }
  const names = new Set<string>();
  parsers.forEach((m: unknown, i) => {
    const module = m as Partial<Record<keyof ParserModule, unknown>> | null;
    if (typeof module?.name !== 'string' || module.name === '' || typeof module.create !== 'function') {
      throw new BundleError(`parsers[${i}] is not a parser module (a non-empty name and a create function)`);
    }
    for (const hook of ['parseRules', 'migrate'] as const) {
      if (module[hook] !== undefined && typeof module[hook] !== 'function') {
        throw new BundleError(`parser ${module.name}: ${hook} is not a function`);
      }
    }
    if (names.has(module.name)) throw new BundleError(`parser ${module.name} is listed twice`);
    names.add(module.name);
  });
  if (selfCheck !== undefined && typeof selfCheck !== 'function') throw new BundleError('"selfCheck" is not a function');
  return { parsers: parsers as ParserModule[], selfCheck: selfCheck as (() => void) | undefined };
}

/** Runs the bundle's own check, if it has one. */
export function runSelfCheck(bundle: BundleExports): void {
  if (bundle.selfCheck === undefined) return;
  try {
    bundle.selfCheck();
  } catch (e) {
    throw new BundleError(`its selfCheck failed: ${describe(e)}`);
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
