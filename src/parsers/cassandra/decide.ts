import type { Connection } from '../../framework/connection.ts';
import type { RequestBody } from './requests.ts';
import { CONTROL_REQUEST, UNREADABLE_REQUEST, type CqlRequest } from './rules.ts';
import type { PreparedStatement, Session } from './session.ts';
import { parseQuery } from './statement.ts';

/** The verdict on one request, what to log about it, and what its reply will change. */
export interface Decision {
  allowed: boolean;
  /** One access-log entry per statement check (none for requests that name nothing). */
  logFields: Array<Record<string, string>>;
  /** Set when an EXECUTE or batch entry names a prepared id we never saw prepared. */
  unpreparedId?: Uint8Array;
  /** The keyspace the request switches to once the server confirms (USE, or EXECUTE of a prepared USE). */
  use: string | null;
  /** The statement the server will prepare, bound to its id when the RESULT arrives. */
  prepare: PreparedStatement | null;
}

const UNKNOWN_PREPARED = { error: 'unknown prepared query id' };
const UNREADABLE = { error: 'unsupported query' };

/**
 * Checks every statement a request carries against the policy; a batch is allowed only if all of its
 * statements are (Cilium's rule), and the first denial ends the evaluation.
 */
export function decide(body: RequestBody, session: Session, conn: Connection): Decision {
  switch (body.kind) {
    case 'query':
    case 'prepare': {
      const prepared = prepareQuery(body.query, session);
      const decision = evaluate(prepared === null ? null : prepared.checks, conn);
      if (prepared === null) return decision;
      if (body.kind === 'query') decision.use = prepared.use;
      else decision.prepare = prepared;
      return decision;
    }
    case 'execute': {
      const prepared = session.lookupPrepared(body.id);
      if (prepared === undefined) return unknownPrepared(body.id);
      const decision = evaluate(prepared.checks, conn);
      decision.use = prepared.use;
      return decision;
    }
    case 'batch': {
      const checks = [];
      for (const entry of body.entries) {
        if ('id' in entry) {
          const prepared = session.lookupPrepared(entry.id);
          if (prepared === undefined) return unknownPrepared(entry.id);
          checks.push(...prepared.checks);
        } else {
          const prepared = prepareQuery(entry.query, session);
          if (prepared === null) return evaluate(null, conn);
          checks.push(...prepared.checks);
        }
      }
      return evaluate(checks, conn);
    }
    default:
      return { allowed: conn.matches(CONTROL_REQUEST), logFields: [], use: null, prepare: null };
  }
}

/** The checks of a query string resolved against the session now, or null when it cannot be read. */
function prepareQuery(query: string, session: Session): PreparedStatement | null {
  const statements = parseQuery(query);
  if (statements === null) return null;
  const use = statements.length === 1 && statements[0].action === 'use' ? statements[0].keyspace ?? null : null;
  return { checks: statements.flatMap((s) => session.checksFor(s)), use };
}

/** All checks must pass; null checks stand for a query we cannot read. */
function evaluate(checks: readonly CqlRequest[] | null, conn: Connection): Decision {
  if (checks === null) {
    return { allowed: conn.matches(UNREADABLE_REQUEST), logFields: [UNREADABLE], use: null, prepare: null };
  }
  let allowed = true;
  for (const check of checks) {
    if (!conn.matches(check)) {
      allowed = false;
      break;
    }
  }
  const logFields = checks.map((c) => ('action' in c ? { query_action: c.action, query_table: c.table } : UNREADABLE));
  return { allowed, logFields, use: null, prepare: null };
}

function unknownPrepared(id: Uint8Array): Decision {
  return { allowed: false, logFields: [UNKNOWN_PREPARED], unpreparedId: id, use: null, prepare: null };
}
