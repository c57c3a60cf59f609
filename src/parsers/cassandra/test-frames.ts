import { Buffer } from 'node:buffer';

/** CQL frames built by hand for tests (v4 unless told otherwise). Strings are latin1 byte strings. */
export function frame(opcode: number, body: Buffer, opts: { stream?: number; version?: number; flags?: number } = {}): string {
  const h = Buffer.alloc(9);
  h[0] = opts.version ?? 4;
  h[1] = opts.flags ?? 0;
  h.writeInt16BE(opts.stream ?? 1, 2);
  h[4] = opcode;
  h.writeUInt32BE(body.length, 5);
  return Buffer.concat([h, body]).toString('latin1');
}

export function reply(opcode: number, body: Buffer, opts: { stream?: number; flags?: number } = {}): string {
  return frame(opcode, body, { ...opts, version: 0x84 });
}

export const int = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
export const short = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
export const longString = (s: string) => Buffer.concat([int(Buffer.byteLength(s)), Buffer.from(s)]);
export const string = (s: string) => Buffer.concat([short(Buffer.byteLength(s)), Buffer.from(s)]);
export const shortBytes = (b: Buffer) => Buffer.concat([short(b.length), b]);

/** QUERY with consistency ONE and no flags. */
export const query = (q: string, stream = 1) => frame(7, Buffer.concat([longString(q), short(1), Buffer.from([0])]), { stream });
export const prepare = (q: string, stream = 1) => frame(9, longString(q), { stream });
export const execute = (id: string, stream = 1) => frame(10, Buffer.concat([shortBytes(Buffer.from(id, 'latin1')), short(1), Buffer.from([0])]), { stream });
export const options = (stream = 0) => frame(5, Buffer.alloc(0), { stream });

export const setKeyspace = (ks: string, stream = 1) => reply(8, Buffer.concat([int(3), string(ks)]), { stream });
export const prepared = (id: string, stream = 1) => reply(8, Buffer.concat([int(4), shortBytes(Buffer.from(id, 'latin1')), int(0), int(0), int(0), int(0), int(0)]), { stream });
export const voidResult = (stream = 1) => reply(8, int(1), { stream });
export const serverError = (stream = 1) => reply(0, Buffer.concat([int(0x2200), string('Keyspace does not exist')]), { stream });

/** The exact Unauthorized frame Cilium sends for a v4 request on `stream`. */
export function unauthorized(stream = 1): string {
  return reply(0, Buffer.concat([int(0x2100), string('Request Unauthorized')]), { stream });
}

/** A policy for port 80, remote 1, with the given cassandra rule maps. */
export function cassandraPolicy(...rules: Array<Record<string, string>>): unknown[] {
  return [{
    endpointIps: ['1.1.1.1'], endpointId: '2',
    ingressPerPortPolicies: [{ port: 80, rules: [{ remotePolicies: [1], l7Proto: 'cassandra', l7Rules: { l7AllowRules: rules.map((rule) => ({ rule })) } }] }],
  }];
}
