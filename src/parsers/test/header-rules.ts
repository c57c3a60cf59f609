import { Buffer } from 'node:buffer';
import { PolicyError, type L7Rule, type PortNetworkPolicyRule } from '../../framework/parser.ts';

/**
 * test.headerparser rules: `l7_rules.l7_allow_rules[].rule` maps with the keys prefix, contains and
 * suffix, all of which must hold (an empty or absent one always holds), tested on the line with
 * surrounding whitespace removed. Example: {prefix: "Beginning"} passes "Beginning----\n". No
 * `l7_rules` at all means no L7 rules (any line passes); an empty map matches every line.
 *
 * Lines and rule values are compared as bytes: both are kept as latin1 strings, one char per byte.
 */
export function parseHeaderRules(rule: PortNetworkPolicyRule): Array<L7Rule<string>> | null {
  if (rule.l7Rules === null) return null;
  return rule.l7Rules.l7AllowRules.map((allow, i) => compileRule(allow.rule, i));
}

const KEYS = ['prefix', 'contains', 'suffix'];

function compileRule(fields: Record<string, string>, index: number): L7Rule<string> {
  for (const key of Object.keys(fields)) {
    if (!KEYS.includes(key)) {
      throw new PolicyError('INVALID_L7_RULE', `test.headerparser: unsupported key "${key}"`, `.l7Rules.l7AllowRules[${index}]`);
    }
  }
  return new HeaderLineRule(asBytes(fields.prefix), asBytes(fields.contains), asBytes(fields.suffix));
}

class HeaderLineRule implements L7Rule<string> {
  constructor(private readonly prefix: string, private readonly substring: string, private readonly suffix: string) {}

  matches(line: string): boolean {
    const text = trimSpace(line);
    return text.startsWith(this.prefix) && text.includes(this.substring) && text.endsWith(this.suffix);
  }
}

/** A rule value's UTF-8 bytes as a latin1 string ('' when absent). */
function asBytes(value: string | undefined): string {
  return value === undefined ? '' : Buffer.from(value, 'utf8').toString('latin1');
}

/**
 * Go's bytes.TrimSpace on a latin1 byte string: ASCII whitespace and the UTF-8 encodings of Unicode
 * White_Space (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
 */
const SPACE = '(?:[\\t\\n\\v\\f\\r ]|\\xc2[\\x85\\xa0]|\\xe1\\x9a\\x80|\\xe2\\x80[\\x80-\\x8a\\xa8\\xa9\\xaf]|\\xe2\\x81\\x9f|\\xe3\\x80\\x80)';
const LEADING_SPACE = new RegExp(`^${SPACE}+`);
const TRAILING_SPACE = new RegExp(`${SPACE}+$`);

export function trimSpace(line: string): string {
  return line.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}
