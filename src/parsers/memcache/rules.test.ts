import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { PortNetworkPolicyRule } from '../../framework/parser.ts';
import { createHarness } from '../../testing/harness.ts';
import { GROUP_NAMES } from './commands.ts';
import type { MemcacheRequest } from './request.ts';
import { parseMemcacheRules } from './rules.ts';
import { memcachePolicy, type RuleMap } from './test-policies.ts';

function portRule(allow: RuleMap[] | null, deny: RuleMap[] = []): PortNetworkPolicyRule {
  const entry = (rule: RuleMap) => ({ name: '', rule, metadataRule: [] });
  return {
    precedence: 0, passPrecedence: null, deny: false, proxyId: 0, name: '', remotePolicies: [], serverNames: [],
    l7Proto: 'memcache', httpRules: null, kafkaRules: null,
    l7Rules: allow === null ? null : { l7AllowRules: allow.map(entry), l7DenyRules: deny.map(entry) },
  };
}

/** Whether the compiled rules allow `req`, as the port rules use them (none: any payload). */
function allows(allow: RuleMap[] | null, req: MemcacheRequest, deny: RuleMap[] = []): boolean {
  const rules = parseMemcacheRules(portRule(allow, deny));
  return rules === null || rules.length === 0 || rules.some((r) => r.matches(req));
}

const text = (command: string, ...keys: string[]): MemcacheRequest => ({ command, opcode: -1, keys });
const binary = (opcode: number, key: string): MemcacheRequest => ({ command: null, opcode, keys: [key] });
const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('memcache rules', () => {
  it('match a group by text command or binary opcode', () => {
    assert.equal(allows([{ command: 'get' }], text('gets', 'k')), true);
    assert.equal(allows([{ command: 'get' }], text('set', 'k')), false);
    assert.equal(allows([{ command: 'get' }], binary(0x0d, 'k')), true);
    assert.equal(allows([{ command: 'storage' }], text('cas', 'k')), true);
    assert.equal(allows([{ command: 'writeGroup' }], text('touch', 'k')), true);
    assert.equal(allows([{ command: 'writeGroup' }], text('get', 'k')), false);
    assert.equal(allows([{ command: 'noop' }], text('mn')), true);
    assert.equal(allows([{ command: 'verbosity' }], text('verbosity')), true);
  });

  it('apply one key constraint to every key: keyExact before keyPrefix before keyRegex', () => {
    assert.equal(allows([{ command: 'get', keyPrefix: 'p' }], text('get', 'p1', 'p2')), true);
    assert.equal(allows([{ command: 'get', keyPrefix: 'p' }], text('get', 'p1', 'x')), false);
    assert.equal(allows([{ command: 'get', keyExact: 'a', keyPrefix: 'zzz' }], text('get', 'a')), true);
    assert.equal(allows([{ command: 'get', keyPrefix: 'a', keyRegex: 'zzz' }], text('get', 'ab')), true);
    assert.equal(allows([{ command: 'stats', keyExact: 'a' }], text('stats')), true, 'no keys: vacuously true');
    assert.equal(allows([{ command: 'stats', keyExact: 'a' }], binary(0x10, '')), false, 'binary: one empty key');
  });

  it('treat empty keyExact and keyPrefix as unset; an empty keyRegex matches any key', () => {
    assert.equal(allows([{ command: 'get', keyExact: '', keyPrefix: '' }], text('get', 'anything')), true);
    assert.equal(allows([{ command: 'get', keyRegex: '' }], text('get', 'anything')), true);
  });

  it('keyRegex is Go RE2 and unanchored: anchor it to match whole keys', () => {
    assert.equal(allows([{ command: 'get', keyRegex: 'db1' }], text('get', 'xdb1y')), true);
    assert.equal(allows([{ command: 'get', keyRegex: '^db1$' }], text('get', 'xdb1y')), false);
    assert.equal(allows([{ command: 'get', keyRegex: '^.el.o$' }], binary(0, 'Hello')), true);
    assert.equal(allows([{ command: 'get', keyRegex: '^caf.$' }], text('get', bytes('café'))), true, 'UTF-8 keys are decoded');
  });

  it('compare UTF-8 rule values with key bytes', () => {
    assert.equal(allows([{ command: 'get', keyExact: 'café' }], text('get', bytes('café'))), true);
    assert.equal(allows([{ command: 'get', keyExact: 'café' }], text('get', 'caf\xe9')), false);
  });

  it('a map with neither command nor key matches everything; no l7_rules at all means any payload', () => {
    assert.equal(allows([{}], text('flush_all')), true);
    assert.equal(allows(null, binary(0x08, '')), true);
  });

  it('enforce deny rules: allowed only when an allow rule matches and no deny rule does', () => {
    const deny = [{ command: 'get', keyPrefix: 'secret' }];
    assert.equal(allows([{ command: 'get' }], text('get', 'public'), deny), true);
    assert.equal(allows([{ command: 'get' }], text('get', 'secret1'), deny), false);
    assert.equal(allows([], text('set', 'x'), deny), true, 'deny rules alone: allowed unless denied');
    assert.equal(allows([], text('get', 'public', 'secret2'), deny), false, 'one denied key denies a multi-get');
    assert.equal(allows([], text('stats'), deny), true);
  });

  it('know every group of Cilium\'s table', () => {
    for (const name of ['add', 'set', 'replace', 'append', 'prepend', 'cas', 'incr', 'decr', 'storage', 'get', 'delete', 'touch', 'gat',
      'writeGroup', 'slabs', 'lru', 'lru_crawler', 'watch', 'cache_memlimit', 'misbehave', 'stats', 'flush_all', 'version', 'quit',
      'noop', 'verbosity', 'sasl-list-mechs', 'sasl-auth', 'sasl-step', 'rget', 'rdecrq', 'set-vbucket', 'del-vbucket', 'tap-connect',
      'tap-checkpoint-end']) {
      assert.ok(GROUP_NAMES.includes(name), name);
    }
  });

  describe('reject the policy update', () => {
    const refused = (policy: unknown[], pattern: RegExp) => {
      const answer = createHarness().insertPolicy(policy);
      assert.equal(answer.ok, false);
      assert.match(answer.error ?? '', pattern);
    };

    it('for an unknown command group, which Cilium read as allow-all', () => {
      refused(memcachePolicy([{ command: 'typo' }]), /unknown command group "typo"/);
      refused(memcachePolicy([{ command: 'constructor' }]), /unknown command group/);
    });

    it('for a key constraint without a command, and for unknown keys', () => {
      refused(memcachePolicy([{ keyExact: 'a' }]), /command not specified but key was provided/);
      refused(memcachePolicy([{ keyRegex: '' }]), /command not specified/);
      refused(memcachePolicy([{ command: 'get', key: 'a' }]), /unsupported key "key"/);
    });

    it('for a regex RE2 does not accept', () => {
      refused(memcachePolicy([{ command: 'get', keyRegex: '(a' }]), /invalid regular expression/);
      refused(memcachePolicy([{ command: 'get', keyRegex: '(?=a)' }]), /invalid regular expression/);
    });

    it('for rules the parser cannot enforce: kafka or http rules, metadata rules', () => {
      const port = (rule: object) => [{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'memcache', ...rule }] }] }];
      refused(port({ kafkaRules: { kafkaRules: [{ topic: 't' }] } }), /kafka_rules cannot be enforced/);
      refused(port({ httpRules: { httpRules: [{}] } }), /http_rules cannot be enforced/);
      refused(port({ l7Rules: { l7AllowRules: [{ rule: { command: 'get' }, metadataRule: [{ filter: 'f', path: [{ key: 'k' }], value: { stringMatch: { exact: 'v' } } }] }] } }), /metadata_rule/);
    });
  });
});
