import type { NativeBridge } from '../framework/host.ts';
import type { ParserModule } from '../framework/parser.ts';
import { builtins } from '../parsers/index.ts';
import { createRuntime } from '../runtime/entry.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { testOnlyParsers } from './parsers/index.ts';

/**
 * Entry of the test bundle: the production runtime plus two control commands the conformance tests
 * need (Cilium's tests register parsers ad hoc):
 *
 * `{"cmd":"registerParser","name":"test.panicparser"}` enables a test-only parser (see parsers/);
 * `{"cmd":"registerRuleParser","name":"PortNetworkPolicyRule_HttpRules"}` registers, under that L7 type
 * name, a rule parser that accepts any rule and returns no L7 rules.
 *
 * Both act on the isolate that receives the command, like every registry change.
 */
export function init(bridge: NativeBridge, modules: readonly ParserModule[] = builtins): void {
  bridge.register(createTestRuntime(bridge, modules).handlers);
}

export function createTestRuntime(bridge: NativeBridge, modules: readonly ParserModule[] = builtins): Runtime {
  const runtime = createRuntime(bridge, modules);
  runtime.addCommand('registerParser', (request) => {
    const module = typeof request.name === 'string' ? testOnlyParsers.get(request.name) : undefined;
    if (module === undefined) return { ok: false, error: `registerParser: no test parser ${JSON.stringify(request.name)}` };
    runtime.registry.addParser(module);
    return { ok: true };
  });
  runtime.addCommand('registerRuleParser', (request) => {
    if (typeof request.name !== 'string' || request.name === '') {
      return { ok: false, error: 'registerRuleParser: "name" must be a non-empty string' };
    }
    runtime.registry.addRuleParser(request.name, () => null);
    return { ok: true };
  });
  return runtime;
}
