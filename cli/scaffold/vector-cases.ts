/**
 * Writes vector cases in the anchor schema (/work/shared/vectors/anchor/README.md: hex authoritative,
 * a readable twin beside it) from a short description, so a scaffold's vectors file is the same format
 * the project's runner and `tsproxylib test` read.
 */
export interface StepSketch {
  reply?: boolean;
  /** The call's input, one string per slice (latin1: one char per byte). */
  data: string[];
  ops: Array<[string, number]>;
  /** Exact reply-direction inject buffer after the call. */
  replyInject?: string;
}

export interface CaseSketch {
  name: string;
  notes: string;
  proto: string;
  /** NetworkPolicy resources (proto3 JSON) for endpoint 1.1.1.1. */
  policies: unknown[];
  steps: StepSketch[];
  /** Expected access-log entries: entry type and generic L7 fields. */
  log: Array<{ entryType: 'Request' | 'Denied'; fields: Record<string, string> }>;
}

const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

export function vectorFile(suite: string, cases: CaseSketch[]): object {
  return { suite, origin: `tsproxylib new ${suite}`, schema_version: 1, level: 'parser', cases: cases.map(vectorCase) };
}

function vectorCase(c: CaseSketch): object {
  return {
    name: c.name,
    level: 'parser',
    access_log_server: true,
    instance: { node_id: 'node1' },
    module_params: null,
    policies: c.policies.map((json) => ({ json })),
    policy_version: '1',
    expect_policy_update: 'ok',
    custom_parser: null,
    connections: [{
      id: '1', proto: c.proto, ingress: true, src_id: 1, dst_id: 2, src_addr: '1.1.1.1:34567', dst_addr: '10.0.0.2:80',
      policy_name: '1.1.1.1', inject_buf_size: 1024, expect_result: 'OK',
    }],
    state: null,
    steps: c.steps.map((s) => ({
      kind: 'on_data', conn: '1', reply: s.reply ?? false, end_stream: false,
      data_hex: s.data.map(hex), data_text: s.data, data_len: s.data.map((d) => d.length),
      // One more than expected, so a parser that goes on past its last expected op is caught.
      ops_capacity: s.ops.length + 1,
      expect_result: 'OK', expect_ops: s.ops,
      expect_reply_inject_hex: hex(s.replyInject ?? ''), expect_reply_inject_text: s.replyInject ?? '',
      exact_reply_inject_hex: hex(s.replyInject ?? ''), exact_orig_inject_hex: '',
      clear_after: ['reply', 'orig'],
    })),
    expect_access_log: null,
    derived_access_log: c.log.map((e) => ({ conn: '1', entry_type: e.entryType, l7: { generic_l7: { proto: c.proto, fields: e.fields } } })),
    notes: c.notes,
  };
}
