import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeNetworkPolicy } from './decode-policy.ts';
import { PolicyError, type PolicyErrorCode } from './errors.ts';
import type { L7RuleParser } from './l7-rules.ts';
import { compilePolicyMap, PolicyMap } from './policy-map.ts';

const noParsers = () => undefined;

function policy(ips: string[], extra: object = {}) {
  return { endpointIps: ips, ingressPerPortPolicies: [{ port: 80, rules: [{ remotePolicies: [1] }] }], ...extra };
}

function rejected(resources: unknown[], code: PolicyErrorCode, previous = PolicyMap.EMPTY, parsers: (n: string) => L7RuleParser | undefined = noParsers): PolicyError {
  let caught: unknown;
  try {
    compilePolicyMap(resources, previous, parsers);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PolicyError, `expected a PolicyError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

describe('compilePolicyMap', () => {
  it('maps every endpoint IP of every resource to its policy; a later resource wins an IP', () => {
    const map = compilePolicyMap([
      policy(['1.1.1.1', 'f00d::1']),
      policy(['2.2.2.2']),
      { endpointIps: ['2.2.2.2'], ingressPerPortPolicies: [{ port: 80, rules: [{ remotePolicies: [2] }] }] },
    ], PolicyMap.EMPTY, noParsers);
    assert.equal(map.size, 3);
    assert.equal(map.get('1.1.1.1'), map.get('f00d::1'));
    assert.deepEqual([map.matches('2.2.2.2', true, 80, 1, null), map.matches('2.2.2.2', true, 80, 2, null)], [false, true]);
    assert.equal(map.matches('3.3.3.3', true, 80, 1, null), false, 'no policy for the name: deny');
  });

  it('an empty egress list denies all egress', () => {
    const map = compilePolicyMap([policy(['1.1.1.1'])], PolicyMap.EMPTY, noParsers);
    assert.deepEqual([map.matches('1.1.1.1', true, 80, 1, null), map.matches('1.1.1.1', false, 80, 1, null)], [true, false]);
  });

  it('zero resources give an empty map', () => {
    const old = compilePolicyMap([policy(['1.1.1.1'])], PolicyMap.EMPTY, noParsers);
    assert.equal(compilePolicyMap([], old, noParsers).size, 0);
  });

  it('reuses the compiled policy of an unchanged resource, keyed by its first endpoint IP', () => {
    let parsed = 0;
    const counting = (name: string): L7RuleParser | undefined => (name === 'p' ? () => (parsed++, null) : undefined);
    const resource = policy(['1.1.1.1', '1.1.1.2'], { ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'p', l7Rules: { l7AllowRules: [{ rule: { a: '1', b: '2' } }] } }] }] });
    const first = compilePolicyMap([resource], PolicyMap.EMPTY, counting);
    // The same message in another spelling: snake_case names, numbers as strings, map keys reordered.
    const respelled = {
      endpoint_ips: ['1.1.1.1', '1.1.1.2'],
      ingress_per_port_policies: [{ port: '80', rules: [{ l7_proto: 'p', l7_rules: { l7_allow_rules: [{ rule: { b: '2', a: '1' } }] } }] }],
    };
    const second = compilePolicyMap([respelled], first, counting);
    assert.equal(parsed, 1);
    assert.equal(second.get('1.1.1.2'), first.get('1.1.1.1'));
    const changed = compilePolicyMap([{ ...resource, endpointId: '7' }], second, counting);
    assert.equal(parsed, 2);
    assert.notEqual(changed.get('1.1.1.1'), first.get('1.1.1.1'));
  });

  it('does not validate a reused resource again', () => {
    const parsers = (name: string): L7RuleParser | undefined => (name === 'p' ? () => null : undefined);
    const resource = policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'p' }] }] });
    const first = compilePolicyMap([resource], PolicyMap.EMPTY, parsers);
    // Now that the rule parser is gone, compiling afresh would leave the port out; the reused policy keeps it.
    const second = compilePolicyMap([resource], first, noParsers);
    assert.equal(second.matches('1.1.1.1', true, 80, 1, null), true);
    assert.equal(compilePolicyMap([resource], PolicyMap.EMPTY, noParsers).matches('1.1.1.1', true, 80, 1, null), false);
  });

  it('is all or nothing: one bad resource rejects the update', () => {
    const e = rejected([policy(['1.1.1.1']), policy([])], 'NO_ENDPOINT_IPS');
    assert.equal(e.message, 'NPDS: Policy has no endpoint_ips at [1]');
  });

  it('rejects malformed resources with the field path', () => {
    assert.match(rejected(['text'], 'MALFORMED').message, /expected an object at \[0\]$/);
    assert.match(rejected([{ endpointIps: '1.1.1.1' }], 'MALFORMED').message, /\[0\]\.endpointIps/);
    assert.match(rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: -1 }] })], 'MALFORMED').message,
                 /\[0\]\.ingressPerPortPolicies\[0\]\.port/);
    rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, protocol: 'SCTP' }] })], 'MALFORMED');
    rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [{ deny: 'yes' }] }] })], 'MALFORMED');
    rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [{ deny: true, passPrecedence: 1 }] }] })], 'MALFORMED');
    rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [{ l7Rules: {}, kafkaRules: { kafkaRules: [{}] } }] }] })], 'MALFORMED');
    rejected([policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [{ l7Rules: { l7AllowRules: [{ rule: { a: 1 } }] } }] }] })], 'MALFORMED');
    rejected([policy(['1.1.1.1'], { endpointId: '18446744073709551616' })], 'MALFORMED');
  });

  describe('validation (protoc-gen-validate constraints)', () => {
    const withRule = (rule: object) => [policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 80, rules: [rule] }] })];
    const cases: Array<[string, unknown[], RegExp]> = [
      ['three endpoint IPs', [policy(['1.1.1.1', '1.1.1.2', '1.1.1.3'])], /endpointIps/],
      ['an empty endpoint IP', [policy(['1.1.1.1', ''])], /endpointIps\[1\]/],
      ['port above 65535', [policy(['1.1.1.1'], { ingressPerPortPolicies: [{ port: 65536 }] })], /ingressPerPortPolicies\[0\]\.port/],
      ['end_port above 65535', [policy(['1.1.1.1'], { egressPerPortPolicies: [{ port: 1, endPort: 70000 }] })], /egressPerPortPolicies\[0\]\.endPort/],
      ['proxy_id above 65535', withRule({ proxyId: 65536 }), /proxyId/],
      ['http_rules without rules', withRule({ httpRules: {} }), /httpRules\.httpRules/],
      ['a header match without a name', withRule({ httpRules: { httpRules: [{ headerMatches: [{ value: 'v' }] }] } }), /headerMatches\[0\]\.name/],
      ['kafka_rules without rules', withRule({ kafkaRules: { kafkaRules: [] } }), /kafkaRules\.kafkaRules/],
      ['a bad kafka client id', withRule({ kafkaRules: { kafkaRules: [{ clientId: 'a b' }] } }), /clientId/],
      ['a bad kafka topic', withRule({ kafkaRules: { kafkaRules: [{ topic: 'a/b' }] } }), /topic/],
      ['a kafka topic of 256 characters', withRule({ kafkaRules: { kafkaRules: [{ topic: 'a'.repeat(256) }] } }), /topic/],
      ['a server name with a space', withRule({ serverNames: ['ok.example', 'bad name'] }), /serverNames\[1\]/],
      ['a server name with ***', withRule({ serverNames: ['***.example'] }), /serverNames\[0\]/],
      ['an empty server name part', withRule({ serverNames: ['a..b'] }), /serverNames\[0\]/],
      ['a header matcher without a name', withRule({ httpRules: { httpRules: [{ headers: [{ exactMatch: 'x' }] }] } }), /headers\[0\]\.name/],
      ['a header name with a line break', withRule({ httpRules: { httpRules: [{ headers: [{ name: 'a\r\nb' }] }] } }), /headers\[0\]\.name/],
      ['an empty header prefix match', withRule({ httpRules: { httpRules: [{ headers: [{ name: ':path', prefix_match: '' }] }] } }), /headers\[0\]\.prefixMatch/],
      ['an empty header regex', withRule({ httpRules: { httpRules: [{ headers: [{ name: ':path', safeRegexMatch: { regex: '' } }] }] } }), /safeRegexMatch\.regex/],
      ['a string matcher without a pattern', withRule({ httpRules: { httpRules: [{ headers: [{ name: 'h', stringMatch: { ignoreCase: true } }] }] } }), /stringMatch/],
      ['an empty string matcher suffix', withRule({ httpRules: { httpRules: [{ headers: [{ name: 'h', stringMatch: { suffix: '' } }] }] } }), /stringMatch\.suffix/],
      ['a metadata matcher without a filter', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ path: [{ key: 'a' }], value: { presentMatch: true } }] }] } }), /metadataRule\[0\]\.filter/],
      ['a metadata matcher without a path', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ filter: 'f', value: { presentMatch: true } }] }] } }), /metadataRule\[0\]\.path/],
      ['a metadata path segment without a key', withRule({ l7Rules: { l7DenyRules: [{ metadataRule: [{ filter: 'f', path: [{}], value: { boolMatch: true } }] }] } }), /l7DenyRules\[0\]\.metadataRule\[0\]\.path\[0\]/],
      ['a metadata matcher without a value', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ filter: 'f', path: [{ key: 'a' }] }] }] } }), /metadataRule\[0\]\.value/],
      ['a value matcher with no pattern', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ filter: 'f', path: [{ key: 'a' }], value: {} }] }] } }), /metadataRule\[0\]\.value/],
      ['an or-matcher with one alternative', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ filter: 'f', path: [{ key: 'a' }], value: { orMatch: { valueMatchers: [{ presentMatch: true }] } } }] }] } }), /orMatch\.valueMatchers/],
      ['a list matcher of an empty value matcher', withRule({ l7Rules: { l7AllowRules: [{ metadataRule: [{ filter: 'f', path: [{ key: 'a' }], value: { listMatch: { oneOf: {} } } }] }] } }), /listMatch\.oneOf/],
    ];
    for (const [what, resources, path] of cases) {
      it(`rejects ${what}`, () => {
        assert.match(rejected(resources, 'INVALID').message, path);
      });
    }

    it('accepts the limits', () => {
      const map = compilePolicyMap(withRule({
        proxyId: 65535, kafkaRules: { kafkaRules: [{ clientId: 'a.B-9_', topic: 'a'.repeat(255) }] },
        serverNames: ['*', '**', '*.example.com', '**.svc.cluster.local', 'api-*.example', 'a*b*c.d_e'],
      }).concat(withRule({
        httpRules: { httpRules: [{ headers: [
          { name: ':path', safe_regex_match: { google_re2: {}, regex: '/a.*' } }, { name: ':method', exactMatch: '' },
          { name: 'x', presentMatch: false }, { name: 'y', rangeMatch: { start: '1', end: '5' }, invertMatch: true },
          { name: 'z', stringMatch: { exact: '' } }, { name: 'w', string_match: { prefix: 'p', ignore_case: true } },
        ] }] },
      }).map((p) => ({ ...p, endpointIps: ['3.3.3.3'] }))).concat(withRule({
        l7Proto: 'none', l7Rules: { l7AllowRules: [{ metadataRule: [
          { filter: 'f', path: [{ key: 'a' }, { key: 'b' }], value: { stringMatch: { safeRegex: { regex: 'x+' } } } },
          { filter: 'f', path: [{ key: 'a' }], value: { orMatch: { valueMatchers: [{ nullMatch: {} }, { doubleMatch: { exact: 1.5 } }] } }, invert: true },
          { filter: 'f', path: [{ key: 'a' }], value: { listMatch: { oneOf: { boolMatch: false } } } },
        ] }] },
      }).map((p) => ({ ...p, endpointIps: ['4.4.4.4'] }))).concat([policy(['2.2.2.2', 'f00d::2'], { ingressPerPortPolicies: [{ port: 65535, endPort: 65535 }] })]),
      PolicyMap.EMPTY, noParsers);
      assert.equal(map.size, 5);
    });
  });
});

describe('decodeNetworkPolicy', () => {
  it('fills defaults and reads both JSON and proto field names', () => {
    const decoded = decodeNetworkPolicy({
      endpoint_ips: ['1.1.1.1'], endpointId: 42, ingressPerPortPolicies: [{ rules: [{ remote_policies: ['7'], deny: null, l7_rules: {} }] }],
      unknownField: true,
    });
    assert.deepEqual(decoded, {
      endpointIps: ['1.1.1.1'], endpointId: '42', egressPerPortPolicies: [],
      ingressPerPortPolicies: [{
        port: 0, endPort: 0, protocol: 0,
        rules: [{
          precedence: 0, passPrecedence: null, deny: false, proxyId: 0, name: '', remotePolicies: [7], serverNames: [],
          l7Proto: '', httpRules: null, kafkaRules: null, l7Rules: { l7AllowRules: [], l7DenyRules: [] },
        }],
      }],
    });
  });

  it('keeps rule maps free of prototype keys', () => {
    const decoded = decodeNetworkPolicy(JSON.parse('{"endpointIps":["1"],"ingressPerPortPolicies":[{"rules":[{"l7Rules":{"l7AllowRules":[{"rule":{"__proto__":"x"}}]}}]}]}'));
    const rule = decoded.ingressPerPortPolicies[0].rules[0].l7Rules?.l7AllowRules[0].rule ?? {};
    assert.deepEqual(Object.keys(rule), ['__proto__']);
    assert.equal(rule.__proto__, 'x');
  });
});
