/**
 * A small CQL (native protocol v4) server for end-to-end tests, since no Cassandra can be had here:
 * it answers what the Node driver sends on connect (OPTIONS, STARTUP, REGISTER, the system.local and
 * system.peers queries) and QUERY / PREPARE / EXECUTE / BATCH with plausible results, and records
 * every query text that reached it.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';

const VARCHAR = 0x000d;
const UUID = 0x000c;
const INET = 0x0010;
const SET = 0x0022;

const int = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const short = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const str = (s: string) => Buffer.concat([short(Buffer.byteLength(s)), Buffer.from(s)]);
const bytes = (b: Buffer) => Buffer.concat([int(b.length), b]);

interface Column { name: string; type: Buffer; value: Buffer }
const varchar = (name: string, v: string): Column => ({ name, type: short(VARCHAR), value: Buffer.from(v) });

function rows(table: string, columns: Column[], count: number): Buffer {
  return Buffer.concat([
    int(2), int(1), int(columns.length), str('system'), str(table),
    ...columns.flatMap((c) => [str(c.name), c.type]),
    int(count), ...(count > 0 ? columns.map((c) => bytes(c.value)) : []),
  ]);
}

const LOCAL: Column[] = [
  varchar('key', 'local'), varchar('cluster_name', 'stub'), varchar('data_center', 'dc1'), varchar('rack', 'r1'),
  varchar('release_version', '3.11.16'), varchar('partitioner', 'org.apache.cassandra.dht.Murmur3Partitioner'),
  { name: 'host_id', type: short(UUID), value: Buffer.alloc(16, 7) },
  { name: 'rpc_address', type: short(INET), value: Buffer.from([127, 0, 0, 1]) },
  { name: 'tokens', type: Buffer.concat([short(SET), short(VARCHAR)]), value: Buffer.concat([int(1), bytes(Buffer.from('0'))]) },
];

export class CqlStub {
  /** Query texts received (QUERY, PREPARE and text batch entries), in order. */
  readonly queries: string[] = [];
  private readonly prepared = new Map<string, string>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<CqlStub> {
    const stub = new CqlStub(net.createServer());
    stub.server.on('connection', (s) => stub.serve(s));
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get host(): string { return '127.0.0.1'; }
  get port(): number { return (this.server.address() as net.AddressInfo).port; }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      while (buffered.length >= 9 && buffered.length >= 9 + buffered.readUInt32BE(5)) {
        const end = 9 + buffered.readUInt32BE(5);
        const frame = buffered.subarray(0, end);
        buffered = buffered.subarray(end);
        const answer = this.answer(frame[4], frame.subarray(9), frame[0]);
        const header = Buffer.alloc(9);
        header[0] = 0x84;
        header.writeInt16BE(frame.readInt16BE(2), 2);
        header[4] = answer.opcode;
        header.writeUInt32BE(answer.body.length, 5);
        socket.write(Buffer.concat([header, answer.body]));
      }
    });
  }

  private answer(opcode: number, body: Buffer, version: number): { opcode: number; body: Buffer } {
    const error = (code: number, message: string) => ({ opcode: 0, body: Buffer.concat([int(code), str(message)]) });
    if (version !== 4) return error(0x000a, `Invalid or unsupported protocol version (${version}); supported versions are (3/v3, 4/v4)`);
    const voidResult = { opcode: 8, body: int(1) };
    switch (opcode) {
      case 5: return { opcode: 6, body: Buffer.concat([short(1), str('CQL_VERSION'), short(1), str('3.4.4')]) };
      case 1: case 11: return { opcode: 2, body: Buffer.alloc(0) };
      case 7: return this.query(body.subarray(4, 4 + body.readInt32BE(0)).toString());
      case 9: {
        const q = body.subarray(4, 4 + body.readInt32BE(0)).toString();
        this.queries.push(q);
        const id = createHash('md5').update(q).digest();
        this.prepared.set(id.toString('hex'), q);
        const vars = (q.match(/\?/g) ?? []).length;
        const meta = Buffer.concat([int(1), int(vars), int(0), str('app'), str('t'), ...Array.from({ length: vars }, (_, i) => Buffer.concat([str(`p${i}`), short(VARCHAR)]))]);
        return { opcode: 8, body: Buffer.concat([int(4), short(id.length), id, meta, int(4), int(0)]) };
      }
      case 10: {
        const id = body.subarray(2, 2 + body.readUInt16BE(0)).toString('hex');
        if (!this.prepared.has(id)) return { opcode: 0, body: Buffer.concat([int(0x2500), str('Unprepared'), short(16), Buffer.from(id, 'hex')]) };
        return voidResult;
      }
      case 13: return voidResult;
      default: return error(0x000a, `unexpected opcode ${opcode}`);
    }
  }

  private query(q: string): { opcode: number; body: Buffer } {
    this.queries.push(q);
    const lower = q.toLowerCase();
    if (lower.startsWith('select * from system.local')) return { opcode: 8, body: rows('local', LOCAL, 1) };
    if (lower.includes('from system.peers')) return { opcode: 8, body: rows('peers', [varchar('peer', '')], 0) };
    const use = /^use\s+(\w+)/i.exec(q);
    if (use) return { opcode: 8, body: Buffer.concat([int(3), str(use[1].toLowerCase())]) };
    if (lower.startsWith('select')) return { opcode: 8, body: rows('t', [varchar('v', 'ok')], 1) };
    return { opcode: 8, body: int(1) };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
