import type { Connection } from './connection.ts';
import type { NativeBridge } from './host.ts';

/**
 * Writes the entry Cilium writes when it recovers a parser panic: Denied, generic_l7
 * {proto: <parser name>, fields: {status: "Panic: <reason>"}}. Never throws: a failure to log must not
 * hide the original problem, so it is reported on the library's log instead.
 */
export function logPanic(conn: Connection, reason: string, bridge: Pick<NativeBridge, 'print'>): void {
  try {
    conn.log('Denied', { genericL7: { proto: conn.parserName, fields: { status: `Panic: ${reason}` } } });
  } catch (e) {
    bridge.print(3, `connection ${conn.id} (${conn.parserName}): cannot log "Panic: ${reason}": ${describeThrown(e)}`);
  }
}

/** The text of a thrown value: an Error's message, anything else as a string. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  try {
    return String(thrown);
  } catch {
    return 'unprintable exception';
  }
}
