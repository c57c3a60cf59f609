import { Buffer } from 'node:buffer';
import { PolicyError, type L7Rule, type PortNetworkPolicyRule } from '../../framework/parser.ts';
import { compileGenericL7Rules, type RuleList } from '../../policy/generic-l7-rules.ts';
import { compileRegex, type PolicyRegex } from '../../policy/regex.ts';
import { commandGroup, type CommandGroup } from './commands.ts';
import type { MemcacheRequest } from './request.ts';

/**
 * memcache rules: `l7_rules` maps with the keys
 *   command    a group from commands.ts (set, get, storage, writeGroup, …); any other value rejects the policy
 *   keyExact   every key of the request equals it
 *   keyPrefix  every key starts with it
 *   keyRegex   a Go RE2 regex found somewhere in every key (unanchored, like Go's Match: use ^…$ for a
 *              whole key), tested on the key decoded as UTF-8
 * As in Cilium only one key constraint applies, the first set of keyExact, keyPrefix, keyRegex (empty
 * exact or prefix values count as unset; an empty keyRegex matches any key), and it must hold for every
 * key: a text command without keys passes it, a binary request always carries one key (maybe empty). A
 * key constraint needs a command; a map with neither matches every request. In `l7_deny_rules` (which
 * Cilium ignored) a key constraint denies a request when any of its keys meets it.
 * Example: {command: "get", keyPrefix: "public/"}.
 */
export function parseMemcacheRules(rule: PortNetworkPolicyRule): Array<L7Rule<MemcacheRequest>> | null {
  return compileGenericL7Rules(rule, 'memcache', compileRule);
}

const KEYS = ['command', 'keyExact', 'keyPrefix', 'keyRegex'];

function compileRule(fields: Record<string, string>, list: RuleList): L7Rule<MemcacheRequest> {
  for (const key of Object.keys(fields)) {
    if (!KEYS.includes(key)) throw new PolicyError('INVALID_L7_RULE', `memcache: unsupported key "${key}"`);
  }
  const exact = fields.keyExact ?? '';
  const prefix = fields.keyPrefix ?? '';
  const regex = fields.keyRegex === undefined ? null : compileRegex(fields.keyRegex);
  const hasKeyRule = exact !== '' || prefix !== '' || regex !== null;
  const command = fields.command ?? '';
  if (command === '') {
    if (hasKeyRule) throw new PolicyError('INVALID_L7_RULE', 'memcache: command not specified but key was provided');
    return MATCH_ALL;
  }
  const group = commandGroup(command);
  // Cilium turned an unknown group into a rule that allows everything; a typo must not open the port.
  if (group === undefined) throw new PolicyError('INVALID_L7_RULE', `memcache: unknown command group "${command}"`);
  return new GroupRule(group, keyMatcher(exact, prefix, regex), list === 'deny');
}

/** Rule values are UTF-8; keys are compared as bytes, so values become latin1 byte strings. */
const bytes = (value: string): string => Buffer.from(value, 'utf8').toString('latin1');

function keyMatcher(exact: string, prefix: string, regex: PolicyRegex | null): ((key: string) => boolean) | null {
  if (exact !== '') {
    const value = bytes(exact);
    return (key) => key === value;
  }
  if (prefix !== '') {
    const value = bytes(prefix);
    return (key) => key.startsWith(value);
  }
  if (regex !== null) return (key) => regex.test(Buffer.from(key, 'latin1').toString('utf8'));
  return null;
}

const MATCH_ALL: L7Rule<MemcacheRequest> = Object.freeze({ matches: () => true });

class GroupRule implements L7Rule<MemcacheRequest> {
  constructor(private readonly group: CommandGroup, private readonly key: ((key: string) => boolean) | null,
              /** A deny rule: one matching key is enough. */
              private readonly anyKey: boolean) {}

  matches(req: MemcacheRequest): boolean {
    const inGroup = req.command === null ? this.group.binary[req.opcode] === true : this.group.text.has(req.command);
    if (!inGroup) return false;
    if (this.key === null) return true;
    return this.anyKey ? req.keys.some(this.key) : req.keys.every(this.key);
  }
}
