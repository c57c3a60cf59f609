import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from './connection.ts';
import type { L7Rule, ParserModule } from './parser.ts';
import { NOP, pass } from './types.ts';
import { checkOnData, createHarness, toBytes } from '../testing/harness.ts';

/** A parser module that hands out its connections and runs `onCall` inside each OnData call. */
function probe(onCall: (conn: Connection, reply: boolean) => void = () => {}) {
  const connections: Connection[] = [];
  const module: ParserModule<string> = {
    name: 'probe',
    create(conn) {
      connections.push(conn);
      return {
        onData(reply, _end, input) {
          if (input.length === 0) return NOP;
          onCall(conn, reply);
          return pass(input.length);
        },
      };
    },
    // Rule value "x" matches the request "x".
    parseRules: (rule) => rule.l7Rules?.l7AllowRules.map((r): L7Rule<string> => ({ matches: (req) => req === r.rule.value })) ?? null,
  };
  const harness = createHarness({ modules: [module] });
  return { harness, connections };
}

/** One endpoint 1.1.1.1: port 80 (both directions) allows remote 7 to send "ok". */
const ALLOW_REMOTE_7 = [{
  endpointIps: ['1.1.1.1'],
  ingressPerPortPolicies: [{ port: 80, rules: [{ remotePolicies: [7], l7Proto: 'probe', l7Rules: { l7AllowRules: [{ rule: { value: 'ok' } }] } }] }],
  egressPerPortPolicies: [{ port: 80, rules: [{ remotePolicies: [7], l7Proto: 'probe', l7Rules: { l7AllowRules: [{ rule: { value: 'ok' } }] } }] }],
}];

describe('Connection', () => {
  it('carries Cilium\'s connection fields, the id also as a bigint', () => {
    const { harness, connections } = probe();
    const c = harness.connect('probe', {
      id: '12345678901234567890', ingress: false, srcId: 2, dstId: 1, srcAddr: '10.0.0.2:80', dstAddr: '[::1]:034567',
      policyName: '2.2.2.2',
    });
    const [conn] = connections;
    assert.deepEqual(
      [conn.id, conn.idBigInt, conn.ingress, conn.srcId, conn.dstId, conn.srcAddr, conn.dstAddr, conn.policyName, conn.port, conn.parserName],
      ['12345678901234567890', 12345678901234567890n, false, 2, 1, '10.0.0.2:80', '[::1]:034567', '2.2.2.2', 34567, 'probe']);
    assert.equal(conn.instance.id, harness.module);
    harness.close(c);
  });

  it('matches with the source identity on ingress and the destination identity on egress', () => {
    const { harness, connections } = probe();
    assert.deepEqual(harness.insertPolicy(ALLOW_REMOTE_7), { ok: true });
    harness.connect('probe', { ingress: true, srcId: 7, dstId: 9 });
    harness.connect('probe', { ingress: true, srcId: 9, dstId: 7 });
    harness.connect('probe', { ingress: false, srcId: 9, dstId: 7 });
    harness.connect('probe', { ingress: false, srcId: 7, dstId: 9 });
    harness.connect('probe', { ingress: true, srcId: 7, dstId: 9, dstAddr: '10.0.0.2:81' });
    harness.connect('probe', { ingress: true, srcId: 7, dstId: 9, policyName: '9.9.9.9' });
    assert.deepEqual(connections.map((c) => c.matches('ok')), [true, false, true, false, false, false]);
    assert.deepEqual(connections.map((c) => c.matches('not ok')), [false, false, false, false, false, false]);
  });

  it('injects what fits, reports full buffers, and logs entries with its fields', () => {
    const results: unknown[] = [];
    const { harness } = probe((conn, reply) => {
      results.push(conn.inject(!reply, toBytes('12345')), conn.isInjectBufFull(!reply), conn.inject(!reply, toBytes('678')),
                   conn.isInjectBufFull(!reply), conn.isInjectBufFull(reply));
      conn.log('Response', { genericL7: { proto: 'probe', fields: { a: '1', b: '2' } } });
    });
    const c = harness.connect('probe', { injectBufSize: 6, srcId: 3, dstId: 4, policyName: '5.5.5.5' });
    checkOnData(c, { data: ['x'], ops: [['PASS', 1]], replyInject: '123456' });
    assert.deepEqual(results, [5, false, 1, true, false]);
    const [entry] = harness.accessLog;
    assert.ok(entry.timestampNs > 1_600_000_000_000_000_000n);
    assert.deepEqual({ ...entry, timestampNs: 0n }, {
      timestampNs: 0n, isIngress: true, entryType: 'Response', policyName: '5.5.5.5', proxyId: 0, ciliumRuleRef: '',
      sourceSecurityId: 3, destinationSecurityId: 4, sourceAddress: '1.1.1.1:34567', destinationAddress: '10.0.0.2:80',
      genericL7: { proto: 'probe', fields: { a: '1', b: '2' } },
    });
  });

  it('cannot inject outside a call', () => {
    const { harness, connections } = probe();
    harness.connect('probe');
    assert.throws(() => connections[0].inject(true, toBytes('x')), { code: 'ERR_NO_CALL' });
  });
});
