import { readFileSync } from 'node:fs';
import { loadParserBundle, runSelfCheck } from '../../src/runtime/bundle-loader.ts';
import { Failure } from '../errors.ts';

/**
 * Loads a bundle with the runtime's own loader, the way the control isolate does before a bundle may
 * go live (exports checked, `selfCheck` run), and returns its parser names; a bundle the runtime
 * would refuse fails here with the runtime's reason.
 */
export function loadBundleNames(file: string): string[] {
  try {
    const bundle = loadParserBundle(file, readFileSync(file, 'utf8'));
    runSelfCheck(bundle);
    return bundle.parsers.map((m) => m.name);
  } catch (e) {
    throw new Failure(`build: the runtime would refuse ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
