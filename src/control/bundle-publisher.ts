import { describeThrown } from '../framework/panic.ts';
import type { Registry } from '../framework/registry.ts';
import type { RuleParserLookup } from '../policy/l7-rules.ts';
import { compilePublishedPolicy, PolicyMap } from '../policy/policy-map.ts';
import { BundleError, loadParserBundle, runSelfCheck } from '../runtime/bundle-loader.ts';
import type { Runtime } from '../runtime/runtime.ts';

/** What a publish attempt came to; `error` is the one line the log and the CLI show. */
export type PublishOutcome =
  | { ok: true; seq: number; path: string; parsers: string[]; unchanged: boolean }
  | { ok: false; error: string; seq: number };

/**
 * Validates parser bundles in the control isolate and publishes the good ones to every isolate. A
 * bundle goes live only when it loads here, exports valid parser modules, passes its own `selfCheck`,
 * and every policy in force still compiles with its rule parsers (a bundle that dropped or broke a
 * protocol the policy names would otherwise deny that protocol's traffic in every worker). A refused
 * bundle changes nothing: the version in force keeps serving.
 */
export class BundlePublisher {
  private path = '';
  private text: string | null = null;

  constructor(
    private readonly runtime: Runtime,
    /** Module instances whose published policy the new rule parsers must compile. */
    private readonly instanceIds: () => Iterable<number>,
  ) {}

  /** The version in force: its number (0: built-in parsers only), file and parser names. */
  get state(): { seq: number; path: string; parsers: string[] } {
    return { seq: this.runtime.bundles.current.seq, path: this.path, parsers: this.runtime.registry.parserNames };
  }

  /** Publishes `text` as the bundle at `path` unless it is the text in force (or `force`). */
  publish(path: string, text: string, force = false): PublishOutcome {
    const current = this.runtime.bundles.current.seq;
    if (!force && path === this.path && text === this.text) {
      return { ok: true, seq: current, path, parsers: this.runtime.registry.parserNames, unchanged: true };
    }
    const started = performance.now();
    let registry;
    let bundle;
    try {
      bundle = loadParserBundle(path, text);
      runSelfCheck(bundle);
      registry = this.runtime.bundles.registryWith(bundle.parsers);
      this.checkPolicies(registry, this.runtime.registry);
    } catch (e) {
      const error = `parser bundle ${path} refused, version ${current} keeps serving: ${describeThrown(e)}`;
      this.runtime.bridge.print(3, error);
      return { ok: false, error, seq: current };
    }
    // Made after the bundle ran here, so it holds the functions its start-up compiled too.
    const seq = this.runtime.bridge.setBundle(path, text, bundle.codeCache());
    this.runtime.bundles.install(seq, registry);
    this.runtime.bridge.bundleLoaded(seq, '', performance.now() - started);
    this.path = path;
    this.text = text;
    this.runtime.bridge.print(1, `parser bundle ${path} is version ${seq}: ${registry.parserNames.join(', ')}`);
    return { ok: true, seq, path, parsers: registry.parserNames, unchanged: false };
  }

  /**
   * Every policy in force must compile with the new rule parsers, and an L7 type that has a rule
   * parser now must keep one (Cilium's compiler silently drops rules of unknown types, which would
   * turn that protocol's allow rules into denials).
   */
  private checkPolicies(next: Registry, current: Registry): void {
    const lookup: RuleParserLookup = (type) => {
      const parse = next.findRuleParser(type);
      if (parse === undefined && current.findRuleParser(type) !== undefined) {
        throw new BundleError(`it has no rule parser for ${type}, whose rules the policy in force uses`);
      }
      return parse;
    };
    for (const id of this.instanceIds()) {
      const published = this.runtime.bridge.policy(id);
      if (published === null || published.json === '') continue;
      try {
        compilePublishedPolicy(published.json, PolicyMap.EMPTY, lookup);
      } catch (e) {
        throw new BundleError(`the policy in force of module ${id} does not compile with its rule parsers: ${describeThrown(e)}`);
      }
    }
  }
}
