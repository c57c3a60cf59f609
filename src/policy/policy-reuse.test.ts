// Recompiling an update against the policy in force: what is reused, what is compiled again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from './errors.ts';
import type { L7RuleParser } from './l7-rules.ts';
import { compilePolicyMap, compilePolicyTexts, compilePublishedPolicy, PolicyMap } from './policy-map.ts';
import { formatPolicyText, resourceText, resourceTexts } from './policy-text.ts';

/** A rule parser that counts the rules it compiles, by their `id`. */
function counting() {
  const compiled: string[] = [];
  const parsers = (name: string): L7RuleParser | undefined => (name !== 'p' ? undefined : (rule) => {
    compiled.push(rule.l7Rules?.l7AllowRules[0]?.rule.id ?? '');
    return null;
  });
  return { compiled, parsers };
}

/** An endpoint whose one rule compiles under `id`; `port` tells versions apart in matches(). */
function endpoint(ips: string[], id: string, port = 80) {
  return { endpointIps: ips, ingressPerPortPolicies: [{ port, rules: [{ l7Proto: 'p', l7Rules: { l7AllowRules: [{ rule: { id } }] } }] }] };
}

const published = (resources: unknown[]) => formatPolicyText(resourceTexts(resources));

describe('recompiling a published policy', () => {
  it('keeps the compiled object of every unchanged endpoint and compiles only the changed one', () => {
    const { compiled, parsers } = counting();
    const a = endpoint(['1.1.1.1', 'f00d::1'], 'a');
    const b = endpoint(['2.2.2.2'], 'b');
    const c = endpoint(['3.3.3.3'], 'c');
    const first = compilePublishedPolicy(published([a, b, c]), PolicyMap.EMPTY, parsers);
    assert.deepEqual(compiled, ['a', 'b', 'c']);
    const second = compilePublishedPolicy(published([a, endpoint(['2.2.2.2'], 'b2', 81), c]), first, parsers);
    assert.deepEqual(compiled, ['a', 'b', 'c', 'b2']);
    assert.equal(second.get('1.1.1.1'), first.get('1.1.1.1'));
    assert.equal(second.get('f00d::1'), first.get('1.1.1.1'));
    assert.equal(second.get('3.3.3.3'), first.get('3.3.3.3'));
    assert.notEqual(second.get('2.2.2.2'), first.get('2.2.2.2'));
    assert.deepEqual([second.matches('2.2.2.2', true, 80, 0, null), second.matches('2.2.2.2', true, 81, 0, null)], [false, true]);
  });

  it('reuses endpoints that moved: an endpoint added in front, one removed, the order reversed', () => {
    const { compiled, parsers } = counting();
    const list = ['a', 'b', 'c', 'd'].map((id, i) => endpoint([`10.0.0.${i}`], id));
    const first = compilePublishedPolicy(published(list), PolicyMap.EMPTY, parsers);
    const added = compilePublishedPolicy(published([endpoint(['10.0.1.0'], 'new'), ...list]), first, parsers);
    const removed = compilePublishedPolicy(published([list[0], list[2], list[3]]), added, parsers);
    const reversed = compilePublishedPolicy(published([list[3], list[2], list[0]]), removed, parsers);
    assert.deepEqual(compiled, ['a', 'b', 'c', 'd', 'new']);
    for (const ip of ['10.0.0.0', '10.0.0.2', '10.0.0.3']) assert.equal(reversed.get(ip), first.get(ip));
    assert.equal(reversed.get('10.0.0.1'), undefined);
    assert.equal(removed.get('10.0.1.0'), undefined);
  });

  it('compiles nothing when the same text is published again', () => {
    const { compiled, parsers } = counting();
    const text = published([endpoint(['1.1.1.1'], 'a')]);
    const first = compilePublishedPolicy(text, PolicyMap.EMPTY, parsers);
    const copy = JSON.parse(JSON.stringify(text)) as string; // another string with the same characters
    const again = compilePublishedPolicy(copy, first, () => assert.fail('no rule parser is needed'));
    assert.equal(again.get('1.1.1.1'), first.get('1.1.1.1'));
    assert.deepEqual(compiled, ['a']);
  });

  it('still reuses an equal message written differently, as protobuf equality does', () => {
    const { compiled, parsers } = counting();
    const first = compilePolicyTexts([resourceText(endpoint(['1.1.1.1'], 'a'))], PolicyMap.EMPTY, parsers);
    const respelled = '{"ingress_per_port_policies":[{"port":"80","rules":[{"l7_proto":"p","l7_rules":{"l7_allow_rules":[{"rule":{"id":"a"}}]}}]}],"endpoint_ips":["1.1.1.1"]}';
    const second = compilePolicyTexts([respelled], first, parsers);
    assert.equal(second.get('1.1.1.1'), first.get('1.1.1.1'));
    // ...and then by its new text alone, even without the endpoint IPs first.
    const third = compilePolicyTexts([respelled], second, () => assert.fail('not compiled again'));
    assert.equal(third.get('1.1.1.1'), first.get('1.1.1.1'));
    assert.deepEqual(compiled, ['a']);
  });

  it('compiles again, as Cilium does, a resource whose first IP a later resource took', () => {
    const { compiled, parsers } = counting();
    const a = endpoint(['1.1.1.1'], 'a');
    const first = compilePublishedPolicy(published([a, endpoint(['1.1.1.1'], 'b')]), PolicyMap.EMPTY, parsers);
    const second = compilePublishedPolicy(published([a]), first, parsers);
    assert.deepEqual(compiled, ['a', 'b', 'a']);
    assert.notEqual(second.get('1.1.1.1'), first.get('1.1.1.1'));
  });

  it('is not misled by a text whose start names another IP than its message does', () => {
    const { compiled, parsers } = counting();
    // A duplicate key: JSON.parse keeps the last, so the message's endpoints are 1.1.1.9 and 1.1.1.1.
    const tricky = '{"endpointIps":["1.1.1.1"],"endpointIps":["1.1.1.9","1.1.1.1"],"ingressPerPortPolicies":[{"port":80,"rules":[{"l7Proto":"p","l7Rules":{"l7AllowRules":[{"rule":{"id":"t"}}]}}]}]}';
    const other = resourceText(endpoint(['1.1.1.9'], 'o'));
    const first = compilePolicyTexts([tricky, other], PolicyMap.EMPTY, parsers);
    assert.notEqual(first.get('1.1.1.1'), first.get('1.1.1.9'));
    // 1.1.1.9, the message's first IP, holds `other`: Cilium compares with that and compiles again.
    compilePolicyTexts([tricky], first, parsers);
    assert.deepEqual(compiled, ['t', 'o', 't']);
  });

  it('is all or nothing, with the failing resource\'s index', () => {
    const { parsers } = counting();
    const first = compilePublishedPolicy(published([endpoint(['1.1.1.1'], 'a')]), PolicyMap.EMPTY, parsers);
    const bad = published([endpoint(['1.1.1.1'], 'a'), { endpointIps: [] }]);
    assert.throws(() => compilePublishedPolicy(bad, first, parsers), (e) => e instanceof PolicyError && e.message.endsWith('at [1]'));
    assert.throws(() => compilePublishedPolicy('[\n{"endpointIps":\n]', first, parsers), SyntaxError);
  });

  it('reads any other JSON array whole, including one that only looks like the layout', () => {
    const { parsers } = counting();
    const resources = [endpoint(['1.1.1.1'], 'a'), endpoint(['2.2.2.2'], 'b')];
    for (const json of [JSON.stringify(resources), JSON.stringify(resources, null, 2)]) {
      assert.equal(compilePublishedPolicy(json, PolicyMap.EMPTY, parsers).size, 2);
    }
    const apparent = '[\n{"endpointIps":["1.1.1.1"],"ingressPerPortPolicies":[{"port":80}\n,\n{"port":81}]}\n]';
    const map = compilePublishedPolicy(apparent, PolicyMap.EMPTY, parsers);
    assert.deepEqual([map.size, map.get('1.1.1.1')?.ingress.ports], [1, [80, 81]]);
  });

  it('gives the control isolate the same reuse for decoded resources', () => {
    const { compiled, parsers } = counting();
    const a = endpoint(['1.1.1.1'], 'a');
    const first = compilePolicyMap([a], PolicyMap.EMPTY, parsers);
    assert.equal(compilePolicyMap([structuredClone(a)], first, parsers).get('1.1.1.1'), first.get('1.1.1.1'));
    assert.deepEqual(compiled, ['a']);
  });
});
