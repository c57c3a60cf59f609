import { PolicyError, type L7Rule, type PortNetworkPolicyRule } from '../../framework/parser.ts';
import { compileRegex, type PolicyRegex } from '../../policy/regex.ts';
import type { CqlCheck } from './session.ts';

/**
 * Cassandra rules: `l7_rules.l7_allow_rules[].rule` maps with two keys, both optional and ANDed:
 *
 *   query_action  exact action name, e.g. "select", "create-table", "list-roles" (see ACTIONS)
 *   query_table   Go RE2 regex matched anywhere in "keyspace.table" (anchor it with ^…$ for a full match)
 *
 * e.g. {query_action: "select", query_table: "^db1\\..*"}. An empty map matches every request.
 * Any other key, an unknown action, an invalid regex, or a table regex on an action that names no
 * table rejects the policy update.
 */

/** Actions that act on a table (or, for the keyspace ones and `use`, on a keyspace). */
const TABLE_ACTIONS = [
  'select', 'delete', 'insert', 'update', 'create-table', 'drop-table', 'alter-table', 'truncate-table', 'use',
  'create-keyspace', 'alter-keyspace', 'drop-keyspace',
];

/** Actions whose statements name no table the policy can check. */
const OTHER_ACTIONS = [
  'drop-index', 'create-index', 'create-materialized-view', 'drop-materialized-view', 'create-role', 'alter-role',
  'drop-role', 'grant-role', 'revoke-role', 'list-roles', 'grant-permission', 'revoke-permission',
  'list-permissions', 'create-user', 'alter-user', 'drop-user', 'list-users', 'create-function', 'drop-function',
  'create-aggregate', 'drop-aggregate', 'create-type', 'alter-type', 'drop-type', 'create-trigger', 'drop-trigger',
];

const ACTIONS = new Set([...TABLE_ACTIONS, ...OTHER_ACTIONS]);
const NO_TABLE = new Set(OTHER_ACTIONS);

/** What a rule is matched against: a statement check, a request that names nothing, or one we cannot read. */
export type CqlRequest = CqlCheck | typeof CONTROL_REQUEST | typeof UNREADABLE_REQUEST;

/** STARTUP, OPTIONS, REGISTER, AUTH_RESPONSE: every rule allows them (as in Cilium). */
export const CONTROL_REQUEST = Object.freeze({ control: true as const });

/** A query we cannot read: only a policy without L7 rules allows it. */
export const UNREADABLE_REQUEST = Object.freeze({ unreadable: true as const });

export function parseCassandraRules(rule: PortNetworkPolicyRule): Array<L7Rule<CqlRequest>> | null {
  if (rule.l7Rules === null) return null;
  return rule.l7Rules.l7AllowRules.map((allow, i) => compileRule(allow.rule, `.l7Rules.l7AllowRules[${i}]`));
}

function compileRule(fields: Record<string, string>, path: string): L7Rule<CqlRequest> {
  let action = '';
  let table: PolicyRegex | null = null;
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'query_action') action = value;
    else if (key === 'query_table') table = value === '' ? null : compileAt(value, path);
    else throw new PolicyError('INVALID_L7_RULE', `cassandra: unsupported key "${key}"`, path);
  }
  if (action !== '' && !ACTIONS.has(action)) {
    throw new PolicyError('INVALID_L7_RULE', `cassandra: unknown query_action "${action}"`, path);
  }
  if (table !== null && NO_TABLE.has(action)) {
    throw new PolicyError('INVALID_L7_RULE', `cassandra: query_action "${action}" has no table for query_table`, path);
  }
  return new CassandraRule(action, table);
}

function compileAt(pattern: string, path: string): PolicyRegex {
  try {
    return compileRegex(pattern);
  } catch (e) {
    if (e instanceof PolicyError) throw e.within(path);
    throw e;
  }
}

class CassandraRule implements L7Rule<CqlRequest> {
  constructor(private readonly action: string, private readonly table: PolicyRegex | null) {}

  matches(request: CqlRequest): boolean {
    if ('control' in request) return true;
    if ('unreadable' in request) return false;
    if (this.action !== '' && this.action !== request.action) return false;
    // A statement that names no table cannot satisfy a table constraint (Cilium let it through).
    return this.table === null || (request.table !== '' && this.table.test(request.table));
  }
}
