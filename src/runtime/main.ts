import { addControlPlane } from '../control/control-plane.ts';
import type { NativeBridge } from '../framework/host.ts';
import { builtins } from '../parsers/index.ts';
import { chargeAsyncErrorsToConnections } from './async-errors.ts';
import { createRuntime } from './entry.ts';

/** What native's bootstrap passes along with the bridge. */
export interface BootstrapOptions {
  /**
   * 'worker' (default): an Envoy worker thread's isolate, serving connections. 'control': the isolate of
   * native's control thread, which runs the policy sources (NPDS clients, policy files) and serves no
   * connection.
   */
  role?: string;
}

/**
 * The entry of the embedded runtime's bundle (build/lib/tsproxylib.cjs): native's bootstrap calls
 * init(bridge, options) once per isolate. Unlike entry.ts's init, it also takes over the process's
 * asynchronous error handlers in worker isolates, which only the embedded runtime may do.
 */
export function init(bridge: NativeBridge, options: BootstrapOptions = {}): void {
  // Parser bundles (`parser-bundle`) arrive later, through the hot swap (bundle-switch.ts).
  const runtime = createRuntime(bridge, builtins);
  if (options.role === 'control') {
    // No connection lives here: asynchronous errors keep the bootstrap's handlers, which print them.
    addControlPlane(runtime);
  } else {
    runtime.bundles.loadPublished();
    chargeAsyncErrorsToConnections(runtime);
  }
  bridge.register(runtime.handlers);
}
