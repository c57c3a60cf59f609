import { Buffer } from 'node:buffer';
import type { Statement } from './statement.ts';

/** One thing the policy must allow: an action and the table (`ks.t`), keyspace, or '' it acts on. */
export interface CqlCheck {
  action: string;
  table: string;
}

/** A statement the server prepared: what executing it checks, and the keyspace it switches to if it is a USE. */
export interface PreparedStatement {
  checks: CqlCheck[];
  use: string | null;
}

/** A request whose reply changes what later requests mean. */
type Pending = { kind: 'use'; keyspace: string } | { kind: 'prepare'; statement: PreparedStatement };

/**
 * What one connection's server knows that changes how requests resolve: the current keyspace and
 * the prepared statements. Both are learnt from the server's replies, matched to requests by stream
 * id, never from requests alone: a USE that fails, or is only prepared, switches nothing.
 *
 * While a USE is in flight the server may run later requests before or after it (requests on
 * different streams run concurrently), so an unqualified table is checked under every keyspace it
 * could resolve to: the confirmed one and each pending USE's.
 */
export class Session {
  /** Confirmed by a SetKeyspace result; null until the first one. */
  keyspace: string | null = null;
  private readonly pending = new Map<number, Pending>();
  /** Prepared id (bytes as latin1) → statement; oldest first, so the oldest is evicted at the cap. */
  private readonly prepared = new Map<string, PreparedStatement>();

  constructor(private readonly maxPrepared: number) {}

  /** The checks one statement needs; a USE needs none (it names a namespace, not data). */
  checksFor(statement: Statement): CqlCheck[] {
    if (statement.keyspace !== undefined) {
      return statement.action === 'use' ? [] : [{ action: statement.action, table: statement.keyspace }];
    }
    const table = statement.table;
    if (table === undefined) return [{ action: statement.action, table: '' }];
    if (table.keyspace !== null) return [{ action: statement.action, table: `${table.keyspace}.${table.name}` }];
    return this.candidateKeyspaces().map((ks) => ({ action: statement.action, table: `${ks}.${table.name}` }));
  }

  /** Keyspaces an unqualified name may resolve to now; [''] when there is none yet (the server will refuse it). */
  private candidateKeyspaces(): string[] {
    const out = new Set<string>();
    if (this.keyspace !== null) out.add(this.keyspace);
    for (const p of this.pending.values()) if (p.kind === 'use') out.add(p.keyspace);
    return out.size === 0 ? [''] : [...out];
  }

  /**
   * Remembers a request whose reply matters. False when the stream already has one in flight: a
   * client may not reuse a stream before its reply, and guessing which reply is whose could attach a
   * prepared id to the wrong statement.
   */
  expectUse(stream: number, keyspace: string): boolean {
    return this.expect(stream, { kind: 'use', keyspace });
  }

  expectPrepared(stream: number, statement: PreparedStatement): boolean {
    return this.expect(stream, { kind: 'prepare', statement });
  }

  private expect(stream: number, p: Pending): boolean {
    if (this.pending.has(stream)) return false;
    this.pending.set(stream, p);
    return true;
  }

  /** A reply on `stream` ends whatever was pending there. */
  replied(stream: number): void {
    this.pending.delete(stream);
  }

  /** RESULT SetKeyspace: the server switched keyspace (whichever request did it). */
  keyspaceSet(stream: number, keyspace: string): void {
    this.keyspace = keyspace;
    this.pending.delete(stream);
  }

  /** RESULT Prepared on `stream`: binds the id to the statement the PREPARE on that stream carried. */
  preparedResult(stream: number, id: Uint8Array): void {
    const p = this.pending.get(stream);
    this.pending.delete(stream);
    if (p?.kind === 'prepare') this.addPrepared(id, p.statement);
  }

  addPrepared(id: Uint8Array, statement: PreparedStatement): void {
    const key = idKey(id);
    this.prepared.delete(key);
    this.prepared.set(key, statement);
    // An evicted id is answered Unprepared on its next use, and drivers then prepare it again.
    if (this.prepared.size > this.maxPrepared) this.prepared.delete(this.prepared.keys().next().value as string);
  }

  lookupPrepared(id: Uint8Array): PreparedStatement | undefined {
    return this.prepared.get(idKey(id));
  }

  /** Prepared ids and their checks, for tests. */
  preparedEntries(): Array<[Uint8Array, PreparedStatement]> {
    return [...this.prepared].map(([k, v]) => [new Uint8Array(Buffer.from(k, 'latin1')), v]);
  }
}

function idKey(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.length).toString('latin1');
}
