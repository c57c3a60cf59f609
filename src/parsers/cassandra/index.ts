import type { ParserModule } from '../../framework/parser.ts';
import { CassandraParser, type CassandraLimits } from './parser.ts';
import { parseCassandraRules, type CqlRequest } from './rules.ts';

/**
 * cassandra: the CQL native protocol, versions 3 and 4 (other versions are answered with the
 * protocol error drivers use to pick a lower version; compression is refused at STARTUP).
 * Rules match each statement's action and its table as "keyspace.table", e.g.
 * l7_allow_rules { rule { key: "query_action" value: "select" } rule { key: "query_table" value: "^db1\\..*" } }
 * (see rules.ts). Denied requests are answered with Unauthorized; unknown prepared ids with Unprepared.
 */
export type { CassandraLimits } from './parser.ts';

export const DEFAULT_CASSANDRA_LIMITS: CassandraLimits = Object.freeze({
  // Cassandra's own default native_transport_max_frame_size (the protocol allows 256 MiB).
  maxRequestFrame: 16 * 1024 * 1024,
  maxReplyPrefix: 1024 * 1024,
  maxPreparedStatements: 10_000,
});

/** A cassandra module with other buffering limits (e.g. for a parser bundle). */
export function createCassandraModule(limits: Partial<CassandraLimits> = {}): ParserModule<CqlRequest> {
  const bounds: CassandraLimits = { ...DEFAULT_CASSANDRA_LIMITS, ...limits };
  return {
    name: 'cassandra',
    create: (conn) => new CassandraParser(conn, bounds),
    parseRules: parseCassandraRules,
  };
}

export const cassandra = createCassandraModule();
