import type { NativeBridge } from '../framework/host.ts';
import type { ParserModule } from '../framework/parser.ts';
import { Registry } from '../framework/registry.ts';
import { builtins } from '../parsers/index.ts';
import { addControlCommands } from './control-commands.ts';
import { Runtime } from './runtime.ts';

/**
 * Entry of the production bundle: native calls it once per isolate with that isolate's bridge. Builds
 * the isolate's registry and runtime and registers the handlers native calls for every ABI call.
 */
export function init(bridge: NativeBridge, modules: readonly ParserModule[] = builtins): void {
  bridge.register(createRuntime(bridge, modules).handlers);
}

/** The runtime with the production control commands, not yet registered. */
export function createRuntime(bridge: NativeBridge, modules: readonly ParserModule[]): Runtime {
  const runtime = new Runtime(bridge, new Registry(modules));
  addControlCommands(runtime);
  return runtime;
}
