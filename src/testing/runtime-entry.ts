import { addControlPlane } from '../control/control-plane.ts';
import type { NativeBridge } from '../framework/host.ts';
import type { Parser, ParserModule } from '../framework/parser.ts';
import { builtins } from '../parsers/index.ts';
import { benchPolicyUpdate } from './policy-bench.ts';
import { benchRegexEngines } from './regex-bench.ts';
import { createRuntime } from '../runtime/entry.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { testOnlyParsers } from './parsers/index.ts';
import { addPresetStateCommand, trackParsers } from './preset-state.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection, through V8's gc() made available for this call only. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Entry of the test bundle: the production runtime plus two control commands the conformance tests
 * need (Cilium's tests register parsers ad hoc):
 *
 * `{"cmd":"registerParser","name":"test.panicparser"}` enables a test-only parser (see parsers/);
 * `{"cmd":"registerRuleParser","name":"PortNetworkPolicyRule_HttpRules"}` registers, under that L7 type
 * name, a rule parser that accepts any rule and returns no L7 rules;
 * `{"cmd":"presetState","state":{…}}` seeds a parser's state (see preset-state.ts);
 * `{"cmd":"gc"}` runs a full garbage collection in this isolate (hot-swap memory tests);
 * `{"cmd":"benchRegex","native":<path of tsproxylib_re2.node or "">,"ms":<per cell>}` measures the regex
 * engines inside this isolate (bench/regex.ts);
 * `{"cmd":"benchPolicyUpdate","module":<id>,"sizes":[…],"reps":<n>}` measures a worker's recompile after
 * policy updates of module `id`, publishing through native's policy store (bench/policy-update.ts).
 *
 * Both act on the isolate that receives the command, like every registry change.
 *
 * This init serves the plain-Node addon, whose one isolate is also the control isolate: it runs the
 * policy sources (NPDS, policy files) too.
 */
export function init(bridge: NativeBridge, modules: readonly ParserModule[] = builtins): void {
  const runtime = createTestRuntime(bridge, modules);
  addControlPlane(runtime);
  bridge.register(runtime.handlers);
}

export function createTestRuntime(bridge: NativeBridge, modules: readonly ParserModule[] = builtins): Runtime {
  const parsers = new Map<string, Parser>();
  const runtime = createRuntime(bridge, trackParsers(modules, parsers));
  addPresetStateCommand(runtime, parsers);
  runtime.addCommand('registerParser', (request) => {
    const module = typeof request.name === 'string' ? testOnlyParsers.get(request.name) : undefined;
    if (module === undefined) return { ok: false, error: `registerParser: no test parser ${JSON.stringify(request.name)}` };
    runtime.bundles.extend((registry) => registry.addParser(module));
    return { ok: true };
  });
  runtime.addCommand('registerRuleParser', (request) => {
    if (typeof request.name !== 'string' || request.name === '') {
      return { ok: false, error: 'registerRuleParser: "name" must be a non-empty string' };
    }
    const name = request.name;
    runtime.bundles.extend((registry) => registry.addRuleParser(name, () => null));
    return { ok: true };
  });
  runtime.addCommand('gc', () => {
    collectGarbage();
    return { ok: true };
  });
  // bench/regex.ts: the regex engines measured inside this isolate (the embedded Node 18 runtime).
  runtime.addCommand('benchRegex', (request) => ({
    ok: true,
    rows: benchRegexEngines(typeof request.native === 'string' ? request.native : '', typeof request.ms === 'number' ? request.ms : undefined),
  }));
  runtime.addCommand('benchPolicyUpdate', (request) => {
    const sizes = Array.isArray(request.sizes) ? request.sizes.filter((n): n is number => typeof n === 'number' && n > 0) : [];
    if (typeof request.module !== 'number' || sizes.length === 0) {
      return { ok: false, error: 'benchPolicyUpdate: "module" must be a number, "sizes" a list of positive numbers' };
    }
    const reps = typeof request.reps === 'number' ? request.reps : undefined;
    return { ok: true, rows: benchPolicyUpdate(runtime.bridge, runtime.registry, request.module, sizes, reps) };
  });
  return runtime;
}
