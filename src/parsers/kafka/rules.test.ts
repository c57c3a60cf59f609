// Cilium's kafkalib rule tests (vectors/kafkalib-policy.json, level kafka_rule) and the rule model's
// fail-closed cases.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { KafkaRule, type KafkaMatchRequest } from './rules.ts';

interface Check {
  request: { api_key: number; api_version: number; client_id: string; topics: string[] };
  rules: Array<{ api_version: number; api_keys: number[]; client_id: string; topic: string }>;
  expect: boolean;
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/kafkalib-policy.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; checks: Check[] }>;
};

/** Upstream's MatchesRule: true as soon as one rule matches, with a fresh topic set per check. */
function anyRuleMatches(rules: KafkaRule[], req: Omit<KafkaMatchRequest, 'uncovered'>, topics: string[]): boolean {
  const request: KafkaMatchRequest = { ...req, uncovered: new Set(topics) };
  return rules.some((r) => r.matches(request));
}

const rule = (r: Check['rules'][number]) => new KafkaRule({ apiVersion: r.api_version, apiKeys: r.api_keys, clientId: r.client_id, topic: r.topic });

describe('kafkalib-policy.json', () => {
  assert.ok(vectors.cases.length > 0);
  for (const c of vectors.cases) {
    it(c.name, () => {
      for (const [i, check] of c.checks.entries()) {
        const req = check.request;
        const got = anyRuleMatches(check.rules.map(rule), {
          apiKey: req.api_key, apiVersion: req.api_version, clientId: req.client_id,
          // The vectors' requests are decoded Produce bodies (key 0) or header-only requests.
          topicFree: req.api_key === 18, topicsKnown: req.api_key === 0,
        }, req.topics);
        assert.equal(got, check.expect, `check ${i}`);
      }
    });
  }
});

describe('kafka rules fail closed', () => {
  const topicRule = new KafkaRule({ apiVersion: -1, apiKeys: [], clientId: '', topic: 'public' });
  const base = { apiVersion: 0, clientId: '', topicFree: false, topicsKnown: false };

  it('a topic rule does not allow an API whose topics were not read (AlterConfigs, CreateAcls, …)', () => {
    for (const apiKey of [33, 30, 44, 47, 43, 19]) {
      assert.equal(anyRuleMatches([topicRule], { ...base, apiKey }, []), false, `api key ${apiKey}`);
    }
  });

  it('a topic rule still lets topic-free APIs through (group coordination, ApiVersions)', () => {
    assert.equal(anyRuleMatches([topicRule], { ...base, apiKey: 11, topicFree: true }, []), true);
  });

  it('an api_keys rule without a topic allows an undecoded API it names', () => {
    const keys = new KafkaRule({ apiVersion: -1, apiKeys: [33], clientId: '', topic: '' });
    assert.equal(anyRuleMatches([keys], { ...base, apiKey: 33 }, []), true);
  });

  it('api_version and api_keys are truncated to int16 as Cilium stores them', () => {
    const r = new KafkaRule({ apiVersion: 65539, apiKeys: [65536], clientId: '', topic: '' });
    assert.equal(anyRuleMatches([r], { ...base, apiKey: 0, apiVersion: 3 }, []), true);
  });
});
