import type { Overrides } from '../../../../test/abi/run-vectors.ts';

/**
 * Where we deliberately expect something else than the anchor's vectors (docs/differences.md,
 * "Cassandra"). Each entry edits a copy of the case.
 */
export const cassandraOverrides: Overrides = {
  // TRUNCATE db4.t1 is the table action truncate-table on db4.t1 (Cilium read it as the action
  // "truncate-db4.t1" with no table, which passed every table rule). The rule db4.t1 still allows it.
  TestCassandraAdditionalQueries: (c) => {
    c.derived_access_log[4].l7.generic_l7.fields = { query_action: 'truncate-table', query_table: 'db4.t1' };
    return c;
  },
};
