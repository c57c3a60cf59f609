// A worker isolate's Instance picking up what the control isolate published.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitPolicyText } from '../policy/policy-text.ts';
import { createRuntime } from '../runtime/entry.ts';
import { MemoryBridge } from '../testing/memory-bridge.ts';
import { Instance } from './instance.ts';
import { Registry } from './registry.ts';

/** An endpoint whose one rule is compiled by rule parser `p` under `id`. */
function endpoint(ip: string, id: string) {
  return { endpointIps: [ip], ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'p', l7Rules: { l7AllowRules: [{ rule: { id } }] } }] }] };
}

/** A control runtime and a worker Instance of one module, each with its own registry, as two isolates have. */
function isolates() {
  const bridge = new MemoryBridge();
  const module = bridge.openModule();
  const control = createRuntime(bridge, []);
  control.registry.addRuleParser('p', () => null);
  const compiled: string[] = [];
  const registry = new Registry([]);
  registry.addRuleParser('p', (rule) => (compiled.push(rule.l7Rules?.l7AllowRules[0]?.rule.id ?? ''), null));
  const worker = new Instance(bridge, registry, bridge.instance(module)!);
  const publish = (resources: unknown[]) => control.publishPolicy(control.instance(module)!, resources);
  const sync = () => worker.syncPolicy(bridge.policy(module)!.seq);
  return { bridge, module, worker, compiled, publish, sync };
}

describe('a worker instance', () => {
  it('recompiles only the endpoints an update changed', () => {
    const { worker, compiled, publish, sync } = isolates();
    publish([endpoint('1.1.1.1', 'a'), endpoint('2.2.2.2', 'b'), endpoint('3.3.3.3', 'c')]);
    sync();
    const before = worker.policy;
    publish([endpoint('1.1.1.1', 'a'), endpoint('2.2.2.2', 'b2'), endpoint('3.3.3.3', 'c')]);
    sync();
    assert.deepEqual(compiled, ['a', 'b', 'c', 'b2']);
    assert.notEqual(worker.policy, before, 'a new map, put in force in one assignment');
    assert.equal(worker.policy.get('1.1.1.1'), before.get('1.1.1.1'));
    assert.equal(worker.policy.get('3.3.3.3'), before.get('3.3.3.3'));
    assert.notEqual(worker.policy.get('2.2.2.2'), before.get('2.2.2.2'));
  });

  it('compiles nothing when the same policy is published again', () => {
    const { worker, compiled, publish, sync } = isolates();
    publish([endpoint('1.1.1.1', 'a')]);
    sync();
    const before = worker.policy.get('1.1.1.1');
    publish([endpoint('1.1.1.1', 'a')]);
    sync();
    assert.equal(worker.policy.get('1.1.1.1'), before);
    assert.deepEqual(compiled, ['a']);
  });

  it('reads the text the control isolate published one resource per line', () => {
    const { bridge, module, publish } = isolates();
    publish([endpoint('1.1.1.1', 'a'), endpoint('2.2.2.2', 'b')]);
    assert.equal(splitPolicyText(bridge.policy(module)!.json)?.length, 2);
  });

  it('also reads a policy published in another layout', () => {
    const { bridge, module, worker, compiled, sync } = isolates();
    bridge.setPolicy(module, JSON.stringify([endpoint('1.1.1.1', 'a'), endpoint('2.2.2.2', 'b')], null, 1));
    sync();
    assert.equal(worker.policy.size, 2);
    assert.deepEqual(compiled, ['a', 'b']);
  });
});
