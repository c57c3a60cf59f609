import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from './errors.ts';
import type { L7Rule, L7RuleParser } from './l7-rules.ts';
import { compilePolicyMap, PolicyMap } from './policy-map.ts';

/** Rule parser "words": each allow rule {word: w} matches the request w. */
const words: L7RuleParser = (rule) =>
  rule.l7Rules?.l7AllowRules.map((r): L7Rule => ({ matches: (req) => req === r.rule.word })) ?? null;

const PARSERS: Record<string, L7RuleParser> = { words, nothing: () => null, empty: () => [] };

function compile(ingress: unknown[], egress: unknown[] = []): PolicyMap {
  return compilePolicyMap([{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: ingress, egressPerPortPolicies: egress }],
                          PolicyMap.EMPTY, (name) => PARSERS[name]);
}

function wordRule(word: string, extra: object = {}) {
  return { l7Proto: 'words', l7Rules: { l7AllowRules: [{ rule: { word } }] }, ...extra };
}

/** Whether `request` from `remote` to `port` is allowed (ingress unless told). */
function allows(map: PolicyMap, port: number, remote: number, request: unknown, ingress = true): boolean {
  return map.matches('1.1.1.1', ingress, port, remote, request);
}

function rejects(ingress: unknown[], code: string, message?: RegExp): void {
  assert.throws(() => compile(ingress), (e: unknown) => {
    assert.ok(e instanceof PolicyError);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('port rules', () => {
  it('a port without rules allows everything; a port without an entry allows nothing', () => {
    const map = compile([{ port: 80 }]);
    assert.equal(allows(map, 80, 1, 'anything'), true);
    assert.equal(allows(map, 81, 1, 'anything'), false);
  });

  it('remote_policies restrict the rule to those identities', () => {
    const map = compile([{ port: 80, rules: [{ remotePolicies: [1, 3] }] }]);
    assert.deepEqual([1, 2, 3].map((r) => allows(map, 80, r, 'x')), [true, false, true]);
  });

  it('L7 rules: any one must match; none, null or [] from the rule parser means any payload', () => {
    const map = compile([
      { port: 80, rules: [{ l7Proto: 'words', l7Rules: { l7AllowRules: [{ rule: { word: 'a' } }, { rule: { word: 'b' } }] } }] },
      { port: 81, rules: [{ l7Proto: 'words' }] },
      { port: 82, rules: [{ l7Proto: 'nothing', l7Rules: { l7AllowRules: [{ rule: { word: 'a' } }] } }] },
      { port: 83, rules: [{ l7Proto: 'empty' }] },
    ]);
    assert.deepEqual(['a', 'b', 'c'].map((w) => allows(map, 80, 1, w)), [true, true, false]);
    assert.deepEqual([81, 82, 83].map((p) => allows(map, p, 1, 'c')), [true, true, true]);
  });

  it('a deny rule wins over any allow, in any order; without remotes it denies everyone', () => {
    const map = compile([
      { port: 80, rules: [{ remotePolicies: [1] }, { remotePolicies: [1], deny: true }] },
      { port: 81, rules: [{ deny: true }, { remotePolicies: [1] }] },
      { port: 82, rules: [{ remotePolicies: [1] }, { remotePolicies: [42], deny: true }] },
    ]);
    assert.deepEqual([80, 81, 82].map((p) => allows(map, p, 1, 'x')), [false, false, true]);
    assert.equal(allows(map, 82, 42, 'x'), false);
  });

  it('the exact port is tried first, then the wildcard port 0, which a deny on the exact port does not block', () => {
    const map = compile([
      { port: 80, rules: [{ deny: true }] },
      { port: 0, rules: [wordRule('w')] },
    ]);
    assert.equal(allows(map, 80, 1, 'w'), true);
    assert.equal(allows(map, 80, 1, 'v'), false);
    assert.equal(allows(map, 4000000000, 1, 'w'), true);
  });

  it('evaluates every rule of a port in order, even after one allowed', () => {
    const calls: string[] = [];
    const tracing: L7RuleParser = (rule) => [{ matches: () => (calls.push(rule.name), true) }];
    const map = compilePolicyMap([{
      endpointIps: ['1.1.1.1'],
      ingressPerPortPolicies: [{ port: 80, rules: ['first', 'second', 'third'].map((name) => ({ name, l7Proto: 'trace' })) }],
    }], PolicyMap.EMPTY, (n) => (n === 'trace' ? tracing : undefined));
    assert.equal(map.matches('1.1.1.1', true, 80, 1, 'x'), true);
    assert.deepEqual(calls, ['first', 'second', 'third']);
  });

  it('ingress and egress are separate', () => {
    const map = compile([{ port: 80, rules: [{ remotePolicies: [1] }] }], [{ port: 80, rules: [{ remotePolicies: [2] }] }]);
    assert.deepEqual([allows(map, 80, 1, 'x', true), allows(map, 80, 2, 'x', true)], [true, false]);
    assert.deepEqual([allows(map, 80, 1, 'x', false), allows(map, 80, 2, 'x', false)], [false, true]);
  });

  it('skips UDP entries, including one repeating a TCP port', () => {
    const map = compile([{ port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP', rules: [{ remotePolicies: [1] }] }, { port: 80, protocol: 1 }]);
    assert.deepEqual([allows(map, 80, 1, 'x'), allows(map, 80, 2, 'x')], [true, false]);
  });

  it('ignores end_port', () => {
    const map = compile([{ port: 80, endPort: 90 }]);
    assert.deepEqual([allows(map, 80, 1, 'x'), allows(map, 85, 1, 'x')], [true, false]);
  });

  it('rejects a duplicate port, and a protocol other than TCP or UDP', () => {
    rejects([{ port: 80 }, { port: 80 }], 'DUPLICATE_PORT', /Duplicate port number: 80 at \[0\]\.ingressPerPortPolicies\[1\]/);
    rejects([{ port: 80, protocol: 2 }], 'UNSUPPORTED_PROTOCOL');
  });

  describe('L7 types', () => {
    it('envoy.* and unregistered types leave the port out (it drops) and the update succeeds', () => {
      const map = compile([
        { port: 80, rules: [{ l7Proto: 'envoy.filter.network.test' }] },
        { port: 81, rules: [{ l7Proto: 'this-parser-does-not-exist' }] },
        { port: 82, rules: [{ kafkaRules: { kafkaRules: [{ topic: 'Topic' }] } }] },
        { port: 83, rules: [{ httpRules: { httpRules: [{}] } }] },
        { port: 84, rules: [{ l7Rules: { l7AllowRules: [] } }] },
        { port: 0, rules: [{ remotePolicies: [9] }] },
      ]);
      for (const port of [80, 81, 82, 83, 84]) assert.equal(allows(map, port, 1, 'x'), false, `port ${port}`);
    });

    it('a port left out may be listed again', () => {
      const map = compile([{ port: 80, rules: [{ l7Proto: 'nope' }] }, { port: 80 }]);
      assert.equal(allows(map, 80, 1, 'x'), true);
    });

    it('the oneof wrapper names select rule parsers when l7_proto is empty', () => {
      const seen: string[] = [];
      const parsers: Record<string, L7RuleParser> = Object.fromEntries(
        ['PortNetworkPolicyRule_HttpRules', 'PortNetworkPolicyRule_KafkaRules', 'PortNetworkPolicyRule_L7Rules'].map(
          (name) => [name, () => (seen.push(name), null)]));
      compilePolicyMap([{
        endpointIps: ['1.1.1.1'],
        ingressPerPortPolicies: [
          { port: 1, rules: [{ httpRules: { httpRules: [{}] } }] },
          { port: 2, rules: [{ kafkaRules: { kafkaRules: [{}] } }] },
          { port: 3, rules: [{ l7Rules: {} }] },
          { port: 4, rules: [{ l7Proto: 'PortNetworkPolicyRule_HttpRules', l7Rules: {} }] },
        ],
      }], PolicyMap.EMPTY, (n) => parsers[n]);
      assert.deepEqual(seen, ['PortNetworkPolicyRule_HttpRules', 'PortNetworkPolicyRule_KafkaRules', 'PortNetworkPolicyRule_L7Rules',
                              'PortNetworkPolicyRule_HttpRules']);
    });

    it('rules on one port must share one L7 type; rules without L7 do not count', () => {
      rejects([{ port: 80, rules: [wordRule('a'), { l7Proto: 'nothing' }] }], 'MISMATCHING_L7_TYPES',
              /Mismatching L7 types on the same port: words and nothing at \[0\]\.ingressPerPortPolicies\[0\]\.rules\[1\]/);
      rejects([{ port: 80, rules: [wordRule('a'), { deny: true, l7Proto: 'nothing' }] }], 'MISMATCHING_L7_TYPES');
      const map = compile([{ port: 80, rules: [{ remotePolicies: [11] }, wordRule('a', { remotePolicies: [1] })] }]);
      assert.deepEqual([allows(map, 80, 11, 'z'), allows(map, 80, 1, 'a'), allows(map, 80, 1, 'z')], [true, true, false]);
    });

    it('stop at the first unsupported rule: later rules are neither parsed nor type-checked', () => {
      const map = compile([{ port: 80, rules: [{ l7Proto: 'nope' }, wordRule('a'), { l7Proto: 'nothing' }] }]);
      assert.equal(allows(map, 80, 1, 'a'), false);
    });

    it('a failing rule parser rejects the update', () => {
      const map = () => compilePolicyMap([{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'bad' }] }] }],
                                         PolicyMap.EMPTY, () => () => { throw new SyntaxError('bad regex'); });
      assert.throws(map, (e: unknown) => e instanceof PolicyError && e.code === 'INVALID_L7_RULE' && /bad: bad regex/.test(e.message));
    });
  });
});
