/**
 * Runs vector cases through both real paths: the bridge in plain Node (addon) and the real
 * libcilium_testing.so dlopen()ed by the harness, each with its own access-log listener.
 */
import { after, before, describe, it } from 'node:test';
import { AddonBackend } from './addon-backend.ts';
import type { AbiBackend } from './backend.ts';
import { HarnessBackend } from './harness-backend.ts';
import { runAbiCase, type Overrides, type VectorCase } from './run-vectors.ts';

export type NamedBackend = readonly [string, () => Promise<AbiBackend>];

export const PLAIN_NODE: NamedBackend = ['the bridge in plain Node', async () => new AddonBackend()];
/** Runs the embedded bundle (build/lib/tsproxylib-testing.cjs): parsers added since the last bundling are missing there. */
export const LIBCILIUM_TESTING: NamedBackend = ['libcilium_testing.so (harness)', () => HarnessBackend.start()];
export const BACKENDS: readonly NamedBackend[] = [PLAIN_NODE, LIBCILIUM_TESTING];

/** One describe() per backend; each case becomes an it() named `label` (default: the case name). */
export function describeOnBothBackends(title: string, cases: ReadonlyArray<{ label?: string; c: VectorCase }>,
                                       overrides?: Overrides): void {
  describeOnBackends(BACKENDS, title, cases, overrides);
}

export function describeOnBackends(backends: readonly NamedBackend[], title: string,
                                   cases: ReadonlyArray<{ label?: string; c: VectorCase }>, overrides?: Overrides): void {
  for (const [name, start] of backends) {
    describe(`${title} through ${name}`, () => {
      let backend: AbiBackend;
      let logPath = '';
      before(async () => {
        backend = await start();
        logPath = await backend.startAccessLog();
      });
      after(() => backend.shutdown());
      for (const { label, c } of cases) it(label ?? c.name, () => runAbiCase(backend, c, { logPath, overrides }));
    });
  }
}
