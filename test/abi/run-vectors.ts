/**
 * Runs the anchor's `abi`-level vectors (../shared/vectors/anchor, schema in its README) against an
 * AbiBackend, asserting exactly what upstream asserts plus the stricter derived values: exact ops,
 * the exact reply inject buffer, connection counts, module ids and the access-log entries field by
 * field.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeLogEntry, type DecodedLogEntry } from '../../src/accesslog/entry.ts';
import { FilterResult, Op } from '../../src/framework/types.ts';
import type { AbiBackend } from './backend.ts';
import { fileURLToPath } from 'node:url';

export const VECTORS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/vectors/anchor');

export interface VectorFile {
  suite: string;
  level: string;
  cases: VectorCase[];
}

// The vector schema is data: typed loosely here and checked by the assertions below.
export type VectorCase = Record<string, any>;

/** Loads a vector file: a name in the anchor directory, or any absolute path (a parser's vectors/). */
export function loadVectors(file: string): VectorFile {
  const data = JSON.parse(readFileSync(path.resolve(VECTORS_DIR, file), 'utf8')) as VectorFile;
  assert.ok(data.cases.length > 0, `${file} holds no cases`);
  return data;
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const result = (name: string) => FilterResult[name as keyof typeof FilterResult];
const op = (name: string) => Op[name as keyof typeof Op];

/** Deliberate differences from the anchor, keyed by case name: each says why and what we expect instead. */
export type Overrides = Record<string, (c: VectorCase) => VectorCase>;

export async function runAbiCase(backend: AbiBackend, vector: VectorCase,
                                 opts: { logPath?: string; overrides?: Overrides } = {}): Promise<void> {
  const override = opts.overrides?.[vector.name];
  const c = override ? override(structuredClone(vector)) : vector;
  const withLog = (params: Array<[string, string]>) =>
    params.map(([k, v]) => [k, v === '<accesslog>' ? (opts.logPath ?? '') : v] as [string, string]);
  const modules = new Map<string, string>();
  let m: string | undefined;
  // `parser`-level cases run through the ABI too (the README of the vectors says how): a module with
  // an access log stands for the Go test's instance, connections get 1024-byte buffers.
  const params: Array<[string, string]> | null = c.module_params ?? (c.level === 'parser' ? [['access-log-path', '<accesslog>']] : null);
  if (params) {
    m = await backend.openModule(withLog(params), false);
    assert.notEqual(m, '0', 'OpenModule must accept the case parameters');
  }
  try {
    if (opts.logPath) await backend.takeAccessLog(0);
    if (c.custom_parser) {
      const cmd = c.custom_parser.kind === 'parser_factory' ? 'registerParser' : 'registerRuleParser';
      const answer = await backend.control(m ?? '0', { cmd, name: c.custom_parser.name });
      assert.equal(answer.ok, true, `registering ${c.custom_parser.name}: ${JSON.stringify(answer)}`);
    }
    if (c.policies.length > 0) {
      const answer = await backend.control(m!, {
        cmd: 'insertPolicy', module: Number(m), version: c.policy_version, policies: c.policies.map((p: any) => p.json),
      });
      assert.equal(answer.ok, c.expect_policy_update === 'ok', `policy update: ${JSON.stringify(answer)}`);
    }
    for (const conn of c.connections) await newConnection(backend, m!, { ...conn, conn: conn.id });
    if (c.state) {
      // Parser-internal state the Go test sets directly; our parsers take it through a test-only command.
      const answer = await backend.control(m!, { cmd: 'presetState', state: c.state });
      assert.equal(answer.ok, true, `state preset: ${JSON.stringify(answer)}`);
    }
    for (const [i, step] of c.steps.entries()) {
      const where = `step ${i} (${step.kind})`;
      switch (step.kind) {
        case 'on_data': {
          const out = await backend.onData(step.conn, step.reply, step.end_stream, step.data_hex.map(hex), step.ops_capacity);
          assert.equal(out.result, result(step.expect_result), `${where}: result`);
          assert.deepEqual(out.ops, step.expect_ops.map(([name, n]: [string, number]) => [op(name), n]), `${where}: ops`);
          const bufs = await backend.injectBuffers(step.conn);
          if (bufs) {
            const exact = step.exact_reply_inject_hex ?? step.expect_reply_inject_hex;
            assert.equal(toHex(bufs.reply), exact, `${where}: reply inject buffer`);
            if (step.exact_orig_inject_hex !== undefined) assert.equal(toHex(bufs.orig), step.exact_orig_inject_hex, `${where}: orig inject buffer`);
            for (const which of step.clear_after) await backend.clearInject(step.conn, which);
          }
          break;
        }
        case 'close':
          assert.equal(await backend.numConnections(), step.expect_num_connections_before, `${where}: connections before`);
          await backend.close(step.conn);
          assert.equal(await backend.numConnections(), step.expect_num_connections_after, `${where}: connections after`);
          break;
        case 'new_connection':
          await newConnection(backend, m!, step);
          break;
        case 'open_module': {
          const id = await backend.openModule(withLog(step.params), step.debug);
          modules.set(step.save_as, id);
          if (step.expect === 'zero') assert.equal(id, '0', `${where}: OpenModule must fail`);
          else assert.notEqual(id, '0', `${where}: OpenModule must succeed`);
          for (const other of step.expect_equal ?? []) assert.equal(id, modules.get(other), `${where}: same id as ${other}`);
          for (const other of step.expect_not_equal ?? []) assert.notEqual(id, modules.get(other), `${where}: differs from ${other}`);
          break;
        }
        case 'close_module':
          await backend.closeModule(modules.get(step.module)!);
          break;
        default:
          assert.fail(`unknown step kind ${step.kind}`);
      }
    }
    if (opts.logPath && (c.expect_access_log || c.derived_access_log)) await checkAccessLog(backend, c);
  } finally {
    if (m) await backend.closeModule(m);
    for (const id of modules.values()) if (id !== '0') await backend.closeModule(id);
  }
}

async function newConnection(backend: AbiBackend, module: string, s: VectorCase): Promise<void> {
  const r = await backend.newConnection({
    module, proto: s.proto, conn: s.conn, ingress: s.ingress, srcId: s.src_id, dstId: s.dst_id,
    srcAddr: s.src_addr, dstAddr: s.dst_addr, policyName: s.policy_name, bufSize: s.inject_buf_size ?? 1024,
  });
  assert.equal(r, result(s.expect_result), `OnNewConnection ${s.conn}: result`);
  if (s.expect_num_connections !== undefined) {
    assert.equal(await backend.numConnections(), s.expect_num_connections, `OnNewConnection ${s.conn}: connections`);
  }
}

async function checkAccessLog(backend: AbiBackend, c: VectorCase): Promise<void> {
  const expected: any[] = c.derived_access_log ?? [];
  const wanted = c.expect_access_log ? c.expect_access_log.passes + c.expect_access_log.drops : expected.length;
  const entries = (await backend.takeAccessLog(wanted)).map(decodeLogEntry);
  if (c.expect_access_log) {
    const drops = entries.filter((e) => e.entryType === 'Denied').length;
    assert.deepEqual({ passes: entries.length - drops, drops }, c.expect_access_log, 'access-log counts');
  }
  assert.equal(entries.length, expected.length, 'access-log entries');
  expected.forEach((want, i) => checkEntry(entries[i]!, want, c, `access-log entry ${i}`));
}

function checkEntry(got: DecodedLogEntry, want: any, c: VectorCase, where: string): void {
  const conn = [...c.connections, ...c.steps.filter((s: any) => s.kind === 'new_connection').map((s: any) => ({ ...s, id: s.conn }))]
    .find((x: any) => x.id === want.conn);
  assert.ok(conn, `${where}: connection ${want.conn} of the vector`);
  assert.equal(got.entryType, want.entry_type, `${where}: entry type`);
  assert.equal(got.isIngress, conn.ingress, `${where}: is_ingress`);
  assert.equal(got.policyName, conn.policy_name, `${where}: policy_name`);
  assert.equal(got.sourceSecurityId, conn.src_id, `${where}: source_security_id`);
  assert.equal(got.destinationSecurityId, conn.dst_id, `${where}: destination_security_id`);
  assert.equal(got.sourceAddress, conn.src_addr, `${where}: source_address`);
  assert.equal(got.destinationAddress, conn.dst_addr, `${where}: destination_address`);
  assert.ok(got.timestampNs > 1_600_000_000_000_000_000n, `${where}: timestamp is ns since the epoch`);
  const l7 = want.l7.generic_l7;
  if (l7) {
    assert.equal(got.genericL7?.proto, l7.proto, `${where}: proto`);
    const status: string | undefined = l7.fields.status;
    if (status?.startsWith('Panic: ')) {
      // The text after "Panic: " is Go's formatting of a Go panic value; ours names the JS error.
      assert.match(got.genericL7?.fields.status ?? '', /^Panic: ./, `${where}: panic status`);
    } else {
      assert.deepEqual(got.genericL7?.fields, l7.fields, `${where}: fields`);
    }
  }
  const kafka = want.l7.kafka;
  if (kafka) {
    // Topics come from a Go map upstream, so their order is not part of the expectation.
    const topics = (t: string[] | undefined) => [...(t ?? [])].sort();
    assert.deepEqual({ ...got.kafka, topics: topics(got.kafka?.topics) }, {
      correlationId: kafka.correlation_id, errorCode: kafka.error_code, apiVersion: kafka.api_version,
      apiKey: kafka.api_key, topics: topics(kafka.topics),
    }, `${where}: kafka entry`);
  }
}
