import type { L7RuleParser, ParserModule } from './parser.ts';
import type { RuleParserLookup } from '../policy/l7-rules.ts';

/**
 * The parsers and L7 rule parsers one isolate knows, by exact name. Built from a list (no import
 * registers anything); a hot swap builds a new one. A module's parseRules is registered under the
 * module's name; other rule parsers (e.g. for Go's oneof wrapper names such as
 * `PortNetworkPolicyRule_HttpRules`) can be added on their own.
 */
export class Registry {
  private readonly parsers = new Map<string, ParserModule>();
  private readonly ruleParsers = new Map<string, L7RuleParser>();

  /** Finds the rule parser for an L7 type name (bound, so it can be handed to the policy compiler). */
  readonly findRuleParser: RuleParserLookup = (l7Type) => this.ruleParsers.get(l7Type);

  constructor(modules: readonly ParserModule[]) {
    for (const module of modules) {
      if (this.parsers.has(module.name)) throw new Error(`Registry: parser ${module.name} is listed twice`);
      this.addParser(module);
    }
  }

  parser(name: string): ParserModule | undefined {
    return this.parsers.get(name);
  }

  /** Adds or replaces a parser module, and with it the rule parser of its name (none if it has none). */
  addParser(module: ParserModule): void {
    this.parsers.set(module.name, module);
    const parseRules = module.parseRules;
    if (parseRules !== undefined) this.ruleParsers.set(module.name, (rule) => parseRules.call(module, rule));
    else this.ruleParsers.delete(module.name);
  }

  /** A copy of this registry with `modules` added, each replacing the entry of its name (a hot swap). */
  extendedWith(modules: readonly ParserModule[]): Registry {
    const copy = new Registry([]);
    for (const [name, module] of this.parsers) copy.parsers.set(name, module);
    for (const [name, parse] of this.ruleParsers) copy.ruleParsers.set(name, parse);
    for (const module of modules) copy.addParser(module);
    return copy;
  }

  /** Adds or replaces the rule parser of an L7 type name. */
  addRuleParser(l7Type: string, parse: L7RuleParser): void {
    this.ruleParsers.set(l7Type, parse);
  }

  /** Registered parser names, in registration order. */
  get parserNames(): string[] {
    return [...this.parsers.keys()];
  }
}
