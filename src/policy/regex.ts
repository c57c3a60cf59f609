import { RE2JS } from 're2js';
import { PolicyError } from './errors.ts';

/**
 * Regular expressions in policy rules, with Go's regexp (RE2) semantics, as Cilium's Go parsers use
 * them: linear time whatever the pattern and input (V8's backtracking RegExp must never see a policy
 * pattern), Go's syntax, and `test` behaving like Go's unanchored `MatchString` (a match anywhere;
 * anchor with ^…$ to match the whole string). Backed by re2js, a pure-JavaScript RE2 port, so the
 * embedded Node 18 runtime and plain Node behave identically. Compiled once, at policy load.
 */
export interface PolicyRegex {
  readonly source: string;
  /** Go's MatchString: does the pattern match somewhere in `text`? */
  test(text: string): boolean;
}

/** Compiles `pattern`; a pattern RE2 rejects is a PolicyError, which rejects the whole policy update. */
export function compileRegex(pattern: string): PolicyRegex {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (e) {
    throw new PolicyError('INVALID_L7_RULE', `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  return {
    source: pattern,
    test: (text) => compiled.matcher(text).find(),
  };
}
