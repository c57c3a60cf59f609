import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FilterResult, Op } from '../framework/types.ts';
import { createHarness, type Harness, type ResultName, type TestConnection } from '../testing/harness.ts';

/**
 * Cilium's libcilium tests (vectors/libcilium.json, the anchor's abi level) run through the framework
 * on the in-memory bridge: policy updates, connections, every OnData's result and ops, the reply
 * buffer both as upstream checks it (a prefix of the expected text) and exactly (the derived bytes),
 * connection counts, and the access log (counts and, entry by entry, the derived list).
 *
 * TestOpenModule is left to the native ABI tests: it is about OpenModule's parameter checks and
 * instance sharing, which live in native code.
 */
const NATIVE_ONLY = new Set(['TestOpenModule']);

interface ConnectionSpec {
  id?: string;
  conn?: string;
  proto: string;
  ingress: boolean;
  src_id: number;
  dst_id: number;
  src_addr: string;
  dst_addr: string;
  policy_name: string;
  inject_buf_size: number;
  expect_result: ResultName;
  expect_num_connections: number;
}

type Step =
  | ({ kind: 'new_connection' } & ConnectionSpec)
  | { kind: 'close'; conn: string; expect_num_connections_before: number; expect_num_connections_after: number }
  | {
      kind: 'on_data'; conn: string; reply: boolean; end_stream: boolean; data_hex: string[]; ops_capacity: number;
      expect_result: ResultName; expect_ops: Array<[string, number]>; expect_reply_inject_hex: string;
      exact_reply_inject_hex: string; exact_orig_inject_hex: string; clear_after: Array<'reply' | 'orig'>;
    };

interface Case {
  name: string;
  module_params: unknown;
  policies: Array<{ json: unknown }>;
  policy_version: string | null;
  expect_policy_update: 'ok' | 'fail' | null;
  custom_parser: { kind: 'parser_factory' | 'l7_rule_parser'; name: string } | null;
  connections: ConnectionSpec[];
  steps: Step[];
  expect_access_log: { passes: number; drops: number } | null;
  derived_access_log: Array<{ conn: string; entry_type: string; l7: { generic_l7: { proto: string; fields: Record<string, string> } } }>;
}

const vector = JSON.parse(readFileSync(new URL('./vectors/libcilium.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('anchor libcilium vectors', () => {
  const cases = vector.cases.filter((c) => !NATIVE_ONLY.has(c.name));
  it('has the cases it expects', () => {
    assert.equal(cases.length, 15);
    assert.equal(vector.cases.length, cases.length + NATIVE_ONLY.size);
  });

  for (const c of cases) it(c.name, () => runCase(c));
});

function runCase(c: Case): void {
  const harness = createHarness();
  if (c.custom_parser?.kind === 'parser_factory') harness.registerParser(c.custom_parser.name);
  if (c.custom_parser?.kind === 'l7_rule_parser') harness.registerRuleParser(c.custom_parser.name);
  if (c.policies.length > 0) {
    const answer = harness.insertPolicy(c.policies.map((p) => p.json), c.policy_version ?? '');
    assert.equal(answer.ok, c.expect_policy_update === 'ok', `policy update: ${answer.error ?? 'accepted'}`);
  }
  const open = new Map<string, { conn: TestConnection; spec: ConnectionSpec }>();
  const connect = (spec: ConnectionSpec, id: string) => {
    const conn = harness.connect(spec.proto, {
      id, ingress: spec.ingress, srcId: spec.src_id, dstId: spec.dst_id, srcAddr: spec.src_addr, dstAddr: spec.dst_addr,
      policyName: spec.policy_name, injectBufSize: spec.inject_buf_size, expectResult: spec.expect_result,
    });
    if (conn.result === 'OK') open.set(id, { conn, spec });
    assert.equal(harness.openConnections(), spec.expect_num_connections, `connections after opening ${id}`);
  };
  for (const spec of c.connections) connect(spec, spec.id ?? '');
  c.steps.forEach((step, i) => {
    const where = `step ${i} (${step.kind})`;
    if (step.kind === 'new_connection') return connect(step, step.conn ?? '');
    const target = open.get(step.conn);
    assert.ok(target, `${where}: connection ${step.conn} is open`);
    if (step.kind === 'close') {
      assert.equal(harness.openConnections(), step.expect_num_connections_before, where);
      harness.close(target.conn);
      assert.equal(harness.openConnections(), step.expect_num_connections_after, where);
      return;
    }
    const slices = step.data_hex.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
    const outcome = harness.bridge.onData(target.conn.slot, step.reply, step.end_stream, slices, step.ops_capacity);
    assert.equal(FilterResult[outcome.result], step.expect_result, `${where} result`);
    assert.deepEqual(outcome.ops.map(([op, n]) => [Op[op], n]), step.expect_ops, `${where} ops`);
    const reply = hex(harness, target.conn, true);
    assert.equal(step.expect_reply_inject_hex.slice(0, reply.length), reply, `${where}: reply buffer is a prefix of the expected text`);
    assert.equal(reply, step.exact_reply_inject_hex, `${where}: exact reply buffer`);
    assert.equal(hex(harness, target.conn, false), step.exact_orig_inject_hex, `${where}: exact orig buffer`);
    for (const buffer of step.clear_after) harness.bridge.clearInjected(target.conn.slot, buffer === 'reply');
  });
  checkAccessLog(c, harness, new Map([...open].map(([id, { spec }]) => [id, spec])));
  harness.assertNoOpenConnections();
}

function checkAccessLog(c: Case, harness: Harness, specs: Map<string, ConnectionSpec>): void {
  if (c.expect_access_log !== null) assert.deepEqual(harness.accessLogCounts(), c.expect_access_log, 'access-log counts');
  const log = harness.accessLog;
  assert.equal(log.length, c.derived_access_log.length, 'access-log entries');
  c.derived_access_log.forEach((expected, i) => {
    const entry = log[i];
    const spec = specs.get(expected.conn);
    assert.ok(spec, `entry ${i}: connection ${expected.conn}`);
    assert.equal(entry.entryType, expected.entry_type, `entry ${i} type`);
    assert.deepEqual(
      [entry.isIngress, entry.policyName, entry.sourceSecurityId, entry.destinationSecurityId, entry.sourceAddress, entry.destinationAddress],
      [spec.ingress, spec.policy_name, spec.src_id, spec.dst_id, spec.src_addr, spec.dst_addr], `entry ${i} connection fields`);
    const { proto, fields } = expected.l7.generic_l7;
    assert.equal(entry.genericL7?.proto, proto, `entry ${i} proto`);
    if (fields.status?.startsWith('Panic: ')) {
      // The text after "Panic: " is Go's formatting of the panic value; only the convention carries over.
      assert.match(entry.genericL7?.fields.status ?? '', /^Panic: ./, `entry ${i} status`);
      assert.deepEqual(Object.keys(entry.genericL7?.fields ?? {}), ['status']);
    } else {
      assert.deepEqual(entry.genericL7?.fields, fields, `entry ${i} fields`);
    }
  });
}

function hex(harness: Harness, conn: TestConnection, reply: boolean): string {
  return Buffer.from(harness.bridge.injected(conn.slot, reply)).toString('hex');
}
