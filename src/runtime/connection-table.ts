import type { Connection } from '../framework/connection.ts';
import type { Parser } from '../framework/parser.ts';
import type { Generation } from './generation.ts';

/** A connection and where it lives; what asynchronous work scheduled by its parser is charged to. */
export interface ConnectionOwner {
  readonly slot: number;
  readonly connection: Connection;
}

export interface OpenConnection extends ConnectionOwner {
  /** Both change when the parser of a newer generation takes the connection over (hot swap). */
  parser: Parser;
  generation: Generation;
  /** The newest generation that was offered the connection (each is asked once). */
  offeredTo: Generation;
}

/** What a slot holds after a fault: the connection is forgotten, but calls on it must still fail. */
export const FAULTED = 'faulted';

/**
 * The connections of one isolate, by the small slot number native gives each one. A slot holds an open
 * connection, FAULTED (the call failed or was stopped from outside; only Close clears it), or nothing.
 */
export class ConnectionTable {
  private readonly slots: Array<OpenConnection | typeof FAULTED | undefined> = [];
  /** Occupied slots: open and faulted connections (native counts both until Close). */
  private occupied = 0;

  get(slot: number): OpenConnection | typeof FAULTED | undefined {
    return this.slots[slot];
  }

  /** Stores a new connection; one already in the slot is replaced (Cilium overwrites duplicate ids). */
  set(slot: number, entry: OpenConnection): void {
    if (!Number.isInteger(slot) || slot < 0) throw new RangeError(`ConnectionTable: bad slot ${slot}`);
    this.clear(slot);
    this.slots[slot] = entry;
    this.occupied++;
  }

  /** Forgets the connection in `slot` but remembers that calls on it must fail. */
  markFaulted(slot: number): void {
    if (this.slots[slot] === undefined) return;
    this.slots[slot] = FAULTED;
  }

  /** Empties the slot (Close). Unknown slots are ignored. */
  clear(slot: number): void {
    if (this.slots[slot] !== undefined) this.occupied--;
    this.slots[slot] = undefined;
  }

  /** Connections not closed yet, faulted ones included (as in native's table, until Close). */
  get size(): number {
    return this.occupied;
  }
}
