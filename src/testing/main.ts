import { addControlPlane } from '../control/control-plane.ts';
import type { NativeBridge } from '../framework/host.ts';
import { builtins } from '../parsers/index.ts';
import { chargeAsyncErrorsToConnections } from '../runtime/async-errors.ts';
import type { BootstrapOptions } from '../runtime/main.ts';
import { createTestRuntime } from './runtime-entry.ts';

/** The test bundle's entry (build/lib/tsproxylib-testing.cjs): as the production one, plus test-only commands. */
export function init(bridge: NativeBridge, options: BootstrapOptions = {}): void {
  const runtime = createTestRuntime(bridge, builtins);
  if (options.role === 'control') addControlPlane(runtime);
  else {
    runtime.bundles.loadPublished();
    chargeAsyncErrorsToConnections(runtime);
  }
  bridge.register(runtime.handlers);
}
