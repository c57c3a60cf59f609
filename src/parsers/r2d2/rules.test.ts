import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHarness } from '../../testing/harness.ts';
import { r2d2Policy } from './test-policies.ts';

const refused = (policy: unknown[], pattern: RegExp) => {
  const answer = createHarness().insertPolicy(policy);
  assert.equal(answer.ok, false);
  assert.match(answer.error ?? '', pattern);
};

describe('r2d2 rules', () => {
  it('accept cmd and file in Cilium\'s combinations', () => {
    for (const rule of [{}, { cmd: 'READ' }, { cmd: 'HALT' }, { cmd: 'RESET' }, { file: 'x' }, { cmd: 'WRITE', file: '^/tmp/' }] as Array<Record<string, string>>) {
      assert.deepEqual(createHarness().insertPolicy(r2d2Policy([rule])), { ok: true }, JSON.stringify(rule));
    }
  });

  it('reject unknown keys, unknown commands, a file with HALT or RESET, and a bad regex', () => {
    refused(r2d2Policy([{ path: 'x' }]), /r2d2: unsupported key "path"/);
    refused(r2d2Policy([{ cmd: 'read' }]), /unknown cmd "read"/);
    refused(r2d2Policy([{ cmd: 'HALT', file: 'x' }]), /file cannot be combined with cmd "HALT"/);
    refused(r2d2Policy([{ file: '(' }]), /invalid regular expression/);
    refused(r2d2Policy(null, [{ cmd: 'NOPE' }]), /l7DenyRules\[0\]/);
  });

  it('reject rules of another kind on an r2d2 port', () => {
    refused([{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'r2d2', kafkaRules: { kafkaRules: [{ topic: 't' }] } }] }] }],
            /kafka_rules cannot be enforced by the r2d2 parser/);
  });
});
