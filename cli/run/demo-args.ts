import { parseOptions, UsageRequested } from '../../scripts/envoy-demo/options.ts';
import { PRESETS } from '../../scripts/envoy-demo/presets.ts';
import { UsageError } from '../errors.ts';

/** The CLI's `run` options and the scripts/envoy-demo option each one becomes. */
export const RUN_OPTIONS = {
  preset: '--preset',
  parser: '--parser',
  policy: '--policy',
  upstream: '--upstream',
  'upstream-port': '--upstream-port',
  listen: '--listen-port',
  admin: '--admin-port',
  lib: '--lib',
  bundle: '--bundle',
  'admin-socket': '--admin-socket',
  concurrency: '--concurrency',
  clients: '--clients',
  interval: '--interval',
  duration: '--duration',
} as const;

export type RunOptionName = keyof typeof RUN_OPTIONS;

/**
 * The command line of scripts/envoy-demo/main.ts (what scripts/run-envoy.sh runs) for the given `run`
 * options, checked by the demo's own option parser so both refuse the same values.
 */
export function demoArgs(values: Partial<Record<RunOptionName, string>>): string[] {
  if (values.preset !== undefined && !Object.hasOwn(PRESETS, values.preset)) {
    throw new UsageError(`run: --preset is one of ${Object.keys(PRESETS).join(', ')}, not "${values.preset}"`);
  }
  const args = (Object.keys(RUN_OPTIONS) as RunOptionName[]).flatMap((name) =>
    values[name] === undefined ? [] : [RUN_OPTIONS[name], values[name]!]);
  try {
    parseOptions(args);
  } catch (e) {
    if (e instanceof UsageRequested) return args;
    const message = (e as Error).message;
    // The demo names its own options; say them as this command spells them.
    const spelled = Object.entries(RUN_OPTIONS).reduce((m, [ours, theirs]) => m.replaceAll(theirs, `--${ours}`), message);
    throw new UsageError(`run: ${spelled} (see tsproxylib run --help)`);
  }
  return args;
}
