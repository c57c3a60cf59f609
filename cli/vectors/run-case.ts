/**
 * Runs one vector case (the anchor schema, as test/abi/run-vectors.ts reads it) on the in-memory bridge
 * and reports every step as a table row instead of stopping at the first mismatch: what the parser
 * did beside what the case expects. The checks are those of the project's runner: result, exact ops,
 * exact inject buffers, connection counts, then the access log entry by entry.
 */
import type { VectorCase } from '../../test/abi/run-vectors.ts';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { MemoryBridge } from '../../src/testing/memory-bridge.ts';
import { init } from '../../src/testing/runtime-entry.ts';
import type { FrameRow } from '../report/frame-row.ts';
import { checkAccessLog } from './access-log-check.ts';
import { fromHex, showBytes } from './bytes.ts';

const opsText = (ops: ReadonlyArray<readonly [string, number]>) => ops.map(([op, n]) => `${op} ${n}`).join(', ') || 'no ops';
const withResult = (result: string, ops: string) => (result === 'OK' ? ops : `${result}: ${ops}`);

interface Step {
  kind: string;
  [key: string]: any;
}

export function runCase(c: VectorCase, group: string): FrameRow[] {
  const rows: FrameRow[] = [];
  const check = (direction: FrameRow['direction'], bytes: number, verdict: string, expected: string) =>
    rows.push({ group, direction, bytes, verdict, expected, ok: verdict === expected });
  const bridge = new MemoryBridge();
  init(bridge);
  const module = bridge.openModule(c.instance?.node_id ?? '', moduleParams(c.module_params));
  const slots = new Map<string, number>();
  const connect = (s: Record<string, any>) => {
    const { result, slot } = bridge.newConnection({
      instanceId: module, proto: s.proto, id: s.conn ?? s.id, ingress: s.ingress, srcId: s.src_id, dstId: s.dst_id,
      srcAddr: s.src_addr, dstAddr: s.dst_addr, policyName: s.policy_name, injectBufSize: s.inject_buf_size ?? 1024,
    });
    check('', 0, `connect ${s.proto}: ${FilterResult[result]}`, `connect ${s.proto}: ${s.expect_result}`);
    if (slot >= 0) slots.set(s.conn ?? s.id, slot);
  };

  if (c.custom_parser) {
    const cmd = c.custom_parser.kind === 'parser_factory' ? 'registerParser' : 'registerRuleParser';
    const answer = bridge.control({ cmd, name: c.custom_parser.name });
    check('', 0, `register ${c.custom_parser.name}: ${answer.ok ? 'ok' : String(answer.error)}`, `register ${c.custom_parser.name}: ok`);
  }
  if (c.policies.length > 0) {
    const answer = bridge.control({ cmd: 'insertPolicy', module, version: c.policy_version, policies: c.policies.map((p: any) => p.json) });
    const wanted = c.expect_policy_update === 'ok';
    rows.push({ group, direction: '', bytes: 0, verdict: `policy: ${answer.ok ? 'ok' : `refused (${String(answer.error)})`}`,
                expected: `policy: ${wanted ? 'ok' : 'refused'}`, ok: answer.ok === wanted });
  }
  for (const conn of c.connections) connect(conn);
  if (c.state) {
    const answer = bridge.control({ cmd: 'presetState', state: c.state });
    check('', 0, `state preset: ${answer.ok ? 'ok' : String(answer.error)}`, 'state preset: ok');
  }
  for (const step of c.steps as Step[]) {
    switch (step.kind) {
      case 'on_data': {
        const slot = slots.get(step.conn) ?? -1;
        const data = (step.data_hex as string[]).map(fromHex);
        const out = bridge.onData(slot, step.reply, step.end_stream, data, step.ops_capacity);
        let verdict = withResult(FilterResult[out.result]!, opsText(out.ops.map(([op, n]) => [Op[op] ?? String(op), n] as const)));
        let expected = withResult(step.expect_result, opsText(step.expect_ops));
        if (slot >= 0) {
          const reply = bridge.injected(slot, true);
          const orig = bridge.injected(slot, false);
          const wantReply = fromHex(step.exact_reply_inject_hex ?? step.expect_reply_inject_hex);
          if (reply.length > 0 || wantReply.length > 0) {
            verdict += `; inject ${showBytes(reply)}`;
            expected += `; inject ${showBytes(wantReply)}`;
          }
          if (step.exact_orig_inject_hex !== undefined && (orig.length > 0 || step.exact_orig_inject_hex !== '')) {
            verdict += `; orig inject ${showBytes(orig)}`;
            expected += `; orig inject ${showBytes(fromHex(step.exact_orig_inject_hex))}`;
          }
          for (const which of step.clear_after as string[]) bridge.clearInjected(slot, which === 'reply');
        }
        check(step.reply ? 'reply' : 'request', data.reduce((n, d) => n + d.length, 0), verdict, expected);
        break;
      }
      case 'close': {
        const slot = slots.get(step.conn) ?? -1;
        const before = bridge.connectionCount;
        if (slot >= 0) bridge.close(slot);
        slots.delete(step.conn);
        check('', 0, `close: connections ${before} → ${bridge.connectionCount}`,
              `close: connections ${step.expect_num_connections_before} → ${step.expect_num_connections_after}`);
        break;
      }
      case 'new_connection':
        connect(step);
        break;
      default:
        // open_module/close_module exercise libcilium's module table, which only the ABI backends have.
        check('', 0, `step kind ${step.kind}: not run in plain Node`, `step kind ${step.kind}`);
    }
  }
  rows.push(...checkAccessLog(c, bridge.logs.map((l) => l.entry), group));
  for (const slot of slots.values()) bridge.close(slot);
  return rows;
}

/** Module parameters without the access-log socket: the in-memory bridge keeps every entry itself. */
function moduleParams(params: Array<[string, string]> | null): Record<string, string> {
  return Object.fromEntries((params ?? []).filter(([k]) => k !== 'access-log-path'));
}
