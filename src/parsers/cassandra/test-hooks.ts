import type { Parser } from '../../framework/parser.ts';
import { Buffer } from 'node:buffer';
import { CassandraParser } from './parser.ts';
import type { PreparedStatement } from './session.ts';

/**
 * Test-only: seeds a connection's session the way Cilium's tests reach into its parser (the anchor
 * vectors' `state` presets). Paths are Cilium's "/<opcode>/<action>/<table>" strings.
 */
export interface CassandraStatePreset {
  prepared_query_path_by_prepared_id?: Array<{ id_hex: string; path: string }>;
  prepared_query_path_by_stream_id?: Array<{ stream_id: number; path: string }>;
}

export function presetCassandraState(parser: Parser, state: CassandraStatePreset): void {
  if (!(parser instanceof CassandraParser)) throw new TypeError('presetState: not a cassandra connection');
  for (const { id_hex, path } of state.prepared_query_path_by_prepared_id ?? []) {
    parser.session.addPrepared(new Uint8Array(Buffer.from(id_hex, 'hex')), fromPath(path));
  }
  for (const { stream_id, path } of state.prepared_query_path_by_stream_id ?? []) {
    if (!parser.session.expectPrepared(stream_id, fromPath(path))) throw new Error(`presetState: stream ${stream_id} twice`);
  }
}

/** The prepared ids a connection knows, with Cilium-style paths, to compare with derived state. */
export function preparedPaths(parser: Parser): Array<{ id_hex: string; paths: string[] }> {
  if (!(parser instanceof CassandraParser)) throw new TypeError('not a cassandra connection');
  return parser.session.preparedEntries().map(([id, p]) => ({
    id_hex: Buffer.from(id).toString('hex'),
    paths: p.checks.map((c) => `/${c.action}/${c.table}`),
  }));
}

function fromPath(path: string): PreparedStatement {
  const [, , action, table] = path.split('/');
  if (action === undefined || table === undefined) throw new Error(`presetState: bad path ${JSON.stringify(path)}`);
  return action === 'use' ? { checks: [], use: table } : { checks: [{ action, table }], use: null };
}
