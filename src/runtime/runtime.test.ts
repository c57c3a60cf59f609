import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterResult } from '../framework/types.ts';
import { checkOnData, createHarness } from '../testing/harness.ts';
import { MemoryBridge } from '../testing/memory-bridge.ts';
import { createTestRuntime } from '../testing/runtime-entry.ts';

/** Lines starting with `prefix` pass test.headerparser on 1.1.1.1 port 80; everything else drops. */
function allowPrefix(prefix: string) {
  return [{
    endpointIps: ['1.1.1.1'],
    ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'test.headerparser', l7Rules: { l7AllowRules: [{ rule: { prefix } }] } }] }],
  }];
}

describe('OnNewConnection', () => {
  it('checks the parser name before the address', () => {
    const harness = createHarness();
    harness.connect('no-such-parser', { dstAddr: 'bad', expectResult: 'UNKNOWN_PARSER' });
    harness.connect('test.passer', { dstAddr: '10.0.0.2:XYZ', expectResult: 'INVALID_ADDRESS' });
    harness.connect('test.passer', { dstAddr: '10.0.0.2', expectResult: 'INVALID_ADDRESS' });
    harness.connect('test.passer', { dstAddr: '10.0.0.2:0', expectResult: 'INVALID_ADDRESS' });
    harness.connect('test.passer', { policyName: 'invalid-policy', expectResult: 'POLICY_DROP' });
    harness.assertNoOpenConnections();
  });

  it('answers INVALID_INSTANCE for an instance native does not know', () => {
    const bridge = new MemoryBridge();
    const runtime = createTestRuntime(bridge);
    const result = runtime.handlers.newConnection(42, 'test.passer', '1', true, 1, 2, 'a:1', 'b:2', 'p', 0);
    assert.equal(result, FilterResult.INVALID_INSTANCE);
  });

  it('takes connection ids above 2^63 and counts open connections', () => {
    const harness = createHarness();
    const a = harness.connect('test.passer');
    const b = harness.connect('test.passer', { id: '12345678901234567890', ingress: false, srcAddr: '10.0.0.2:80', dstAddr: '1.1.1.1:34567' });
    assert.equal(harness.openConnections(), 2);
    checkOnData(b, { data: ['hi'], ops: [['PASS', 2]] });
    harness.close(a);
    assert.equal(harness.openConnections(), 1);
    harness.close(b);
    harness.assertNoOpenConnections();
  });

  it('rejects the connection when create returns null, without a log entry', () => {
    const harness = createHarness();
    harness.registerParser('test.faulty');
    harness.connect('test.faulty', { policyName: 'reject-in-create', expectResult: 'POLICY_DROP' });
    assert.deepEqual(harness.accessLog, []);
  });

  it('rejects the connection with a Panic entry when create throws', () => {
    const harness = createHarness();
    harness.registerParser('test.faulty');
    harness.connect('test.faulty', { policyName: 'throw-in-create', expectResult: 'POLICY_DROP' });
    assert.deepEqual(harness.accessLog.map((e) => [e.entryType, e.policyName, e.genericL7]), [
      ['Denied', 'throw-in-create', { proto: 'test.faulty', fields: { status: 'Panic: test.faulty: throw-in-create' } }],
    ]);
    harness.connect('test.faulty');
    assert.equal(harness.openConnections(), 1);
  });
});

describe('connection lifetime', () => {
  it('Close forgets the connection: later OnData is UNKNOWN_CONNECTION', () => {
    const harness = createHarness();
    const conn = harness.connect('test.passer');
    harness.close(conn);
    checkOnData(conn, { data: ['x'], ops: [], result: 'UNKNOWN_CONNECTION' });
  });

  it('a fault logs a Panic entry and fails every later call until Close', () => {
    const harness = createHarness();
    const conn = harness.connect('test.passer');
    harness.bridge.fault(conn.slot, 'watchdog: the call ran for more than 100 ms');
    assert.deepEqual(harness.accessLog.map((e) => [e.entryType, e.genericL7]), [
      ['Denied', { proto: 'test.passer', fields: { status: 'Panic: watchdog: the call ran for more than 100 ms' } }],
    ]);
    assert.equal(harness.openConnections(), 1, 'it counts as open until Close');
    checkOnData(conn, { data: ['x'], ops: [], result: 'PARSER_ERROR' });
    harness.close(conn);
    assert.equal(harness.openConnections(), 0);
    checkOnData(conn, { data: ['x'], ops: [], result: 'UNKNOWN_CONNECTION' });
    const next = harness.connect('test.passer');
    checkOnData(next, { data: ['x'], ops: [['PASS', 1]] });
  });

  it('a fault on an empty slot only prints', () => {
    const harness = createHarness();
    harness.bridge.fault(5, 'late');
    assert.deepEqual(harness.accessLog, []);
    assert.match(harness.bridge.printed.at(-1)?.message ?? '', /slot 5/);
  });
});

describe('policy updates', () => {
  it('apply to open connections from their next frame', () => {
    const harness = createHarness();
    assert.deepEqual(harness.insertPolicy(allowPrefix('A')), { ok: true });
    const conn = harness.connect('test.headerparser');
    checkOnData(conn, { data: ['A1\n'], ops: [['PASS', 3]] });
    assert.deepEqual(harness.insertPolicy(allowPrefix('B')), { ok: true });
    checkOnData(conn, { data: ['A2\nB\n'], ops: [['DROP', 3], ['PASS', 2]], replyInject: 'Line dropped: A2\n' });
  });

  it('published by another isolate are compiled when a call reports the new sequence number', () => {
    const harness = createHarness();
    assert.deepEqual(harness.insertPolicy(allowPrefix('A')), { ok: true });
    const conn = harness.connect('test.headerparser');
    checkOnData(conn, { data: ['A\n'], ops: [['PASS', 2]] });
    // What setPolicy from another isolate looks like here: a new sequence number in the store.
    harness.bridge.setPolicy(harness.module, JSON.stringify(allowPrefix('B')));
    checkOnData(conn, { data: ['A\nB\n'], ops: [['DROP', 2], ['PASS', 2]], replyInject: 'Line dropped: A\n' });
  });

  it('that this isolate cannot compile deny everything and are reported', () => {
    const harness = createHarness();
    assert.deepEqual(harness.insertPolicy(allowPrefix('A')), { ok: true });
    const conn = harness.connect('test.headerparser');
    const broken = allowPrefix('A');
    (broken[0].ingressPerPortPolicies[0].rules[0].l7Rules.l7AllowRules[0].rule as Record<string, string>).other = 'x';
    harness.bridge.setPolicy(harness.module, JSON.stringify(broken));
    checkOnData(conn, { data: ['A\n'], ops: [['DROP', 2]], replyInject: 'Line dropped: A\n' });
    const last = harness.bridge.printed.at(-1);
    assert.equal(last?.level, 3);
    assert.match(last?.message ?? '', /denying all/);
  });

  it('a rejected update keeps the old policy', () => {
    const harness = createHarness();
    assert.deepEqual(harness.insertPolicy(allowPrefix('A')), { ok: true });
    const broken = allowPrefix('B');
    (broken[0].ingressPerPortPolicies[0].rules[0].l7Rules.l7AllowRules[0].rule as Record<string, string>).other = 'x';
    const answer = harness.insertPolicy(broken);
    assert.equal(answer.ok, false);
    assert.match(answer.error ?? '', /test\.headerparser: unsupported key "other"/);
    const conn = harness.connect('test.headerparser');
    checkOnData(conn, { data: ['A\nB\n'], ops: [['PASS', 2], ['DROP', 2]], replyInject: 'Line dropped: B\n' });
  });

  it('with zero resources empty the policy: everything is denied', () => {
    const harness = createHarness();
    assert.deepEqual(harness.insertPolicy(allowPrefix('A')), { ok: true });
    assert.deepEqual(harness.insertPolicy([]), { ok: true });
    const conn = harness.connect('test.headerparser');
    checkOnData(conn, { data: ['A\n'], ops: [['DROP', 2]], replyInject: 'Line dropped: A\n' });
  });
});

describe('control commands', () => {
  it('answer errors as JSON', () => {
    const bridge = new MemoryBridge();
    const runtime = createTestRuntime(bridge);
    const answer = (request: string) => JSON.parse(runtime.handlers.control(request)) as { ok: boolean; error: string };
    assert.match(answer('{').error, /not JSON/);
    assert.match(answer('[]').error, /not a JSON object/);
    assert.match(answer('{"cmd":"nope"}').error, /unknown control command "nope"/);
    assert.match(answer('{"cmd":"insertPolicy","module":9,"policies":[]}').error, /unknown module 9/);
    assert.match(answer('{"cmd":"insertPolicy","module":"1","policies":[]}').error, /"module" must be a number/);
    assert.match(answer('{"cmd":"insertPolicy","module":1}').error, /"policies" must be an array/);
    assert.match(answer('{"cmd":"registerParser","name":"test.nothing"}').error, /no test parser "test.nothing"/);
    assert.match(answer('{"cmd":"registerRuleParser"}').error, /"name" must be a non-empty string/);
  });

  it('insertPolicy publishes the policy text for the other isolates', () => {
    const harness = createHarness();
    const policy = allowPrefix('A');
    assert.deepEqual(harness.insertPolicy(policy), { ok: true });
    assert.deepEqual(JSON.parse(harness.bridge.policy(harness.module)?.json ?? ''), policy);
  });

  it('registerRuleParser makes an L7 type known to the policy compiler', () => {
    const harness = createHarness();
    const policy = [{
      endpointIps: ['1.1.1.1'],
      ingressPerPortPolicies: [{ port: 80, rules: [{ httpRules: { httpRules: [{}] } }] }],
    }];
    const conn = harness.connect('test.headerparser', { policy });
    // Unregistered oneof type: the port is left out, so the line is dropped.
    checkOnData(conn, { data: ['A\n'], ops: [['DROP', 2]], replyInject: 'Line dropped: A\n' });
    harness.registerRuleParser('PortNetworkPolicyRule_HttpRules');
    assert.deepEqual(harness.insertPolicy([{ ...policy[0], endpointId: '1' }]), { ok: true });
    checkOnData(conn, { data: ['A\n'], ops: [['PASS', 2]] });
  });
});
