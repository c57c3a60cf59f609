/**
 * Property-test plumbing: a seeded random source, random cuts of a byte stream, and a conversation
 * (client requests, server replies) pushed through EnvoyModel either whole or cut at random places.
 */
import { Buffer } from 'node:buffer';
import type { Harness, TestConnection } from '../../src/testing/harness.ts';
import { concat, EnvoyModel } from './envoy-model.ts';

/** A small, seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.int(1_000_000) < p * 1_000_000;
  }

  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }

  /** `data` cut into pieces of 1 … maxPiece bytes. */
  cut(data: Uint8Array, maxPiece: number): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < data.length;) {
      const n = 1 + this.int(maxPiece);
      pieces.push(data.subarray(at, at + n));
      at += n;
    }
    return pieces;
  }
}

export const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

export interface Transcript {
  /** What reached the server in each exchange. */
  toServer: string[];
  /** What the server answered in each exchange (given, or made by the server function). */
  replies: string[];
  /** Everything the client received, in order. */
  toClient: string;
  /** The access log, one line per entry. */
  log: string[];
  /** Why the model closed the connection, or null. */
  reason: string | null;
}

/**
 * Plays a conversation on a fresh connection: for each exchange, the client's bytes, then the server's
 * answer to what reached it (from `server`, or the recorded `replies`). With `random`, every piece of
 * data is cut at random places.
 */
export function play(connect: () => TestConnection, requests: readonly Uint8Array[],
                     replies: ((toServer: Uint8Array) => Uint8Array) | readonly string[], random: Random | null,
                     injectCapacity = 1024): Transcript {
  const conn = connect();
  const model = new EnvoyModel(conn, injectCapacity);
  const transcript: Transcript = { toServer: [], replies: [], toClient: '', log: [], reason: null };
  const pieces = (data: Uint8Array) => (random === null ? [data] : random.cut(data, 1 + random.int(64)));
  requests.forEach((request, i) => {
    const toServer: Uint8Array[] = [];
    for (const piece of pieces(request)) {
      const { out, reverse } = model.data(false, piece);
      toServer.push(out);
      transcript.toClient += text(reverse);
    }
    const sent = concat(toServer);
    transcript.toServer.push(text(sent));
    const reply = typeof replies === 'function' ? replies(sent) : latin1(replies[i]);
    transcript.replies.push(text(reply));
    for (const piece of pieces(reply)) transcript.toClient += text(model.data(true, piece).out);
  });
  transcript.reason = model.reason;
  transcript.log = logLines(conn.harness);
  conn.harness.close(conn);
  return transcript;
}

export function logLines(harness: Harness): string[] {
  return harness.accessLog.map((e) => `${e.entryType} ${JSON.stringify(e.genericL7 ?? null)}`);
}
