/**
 * Builds capture files byte by byte for the reader tests: pcap and pcapng in either byte order, frames of
 * each link type, IPv4/IPv6 packets and TCP segments. Written from the format descriptions, apart from
 * the readers' code, so a mistake in one is not mirrored in the other.
 */
export interface Segment {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  flags?: 'S' | 'SA' | 'A' | 'FA' | 'PA' | 'R';
  data?: string;
}

const FLAGS = { S: 0x02, SA: 0x12, A: 0x10, FA: 0x11, PA: 0x18, R: 0x04 };

class Writer {
  private readonly parts: number[] = [];
  constructor(private readonly little: boolean) {}
  u8(v: number) { this.parts.push(v & 0xff); return this; }
  u16(v: number) {
    const b = [(v >> 8) & 0xff, v & 0xff];
    this.parts.push(...(this.little ? b.reverse() : b));
    return this;
  }
  u32(v: number) {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    this.parts.push(...(this.little ? b.reverse() : b));
    return this;
  }
  bytes(b: Uint8Array | number[]) { this.parts.push(...b); return this; }
  pad4() { while (this.parts.length % 4 !== 0) this.parts.push(0); return this; }
  get length() { return this.parts.length; }
  done() { return Uint8Array.from(this.parts); }
}

const v4 = (a: string) => a.split('.').map(Number);
function v6(a: string): number[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

export function tcpBytes(s: Segment): Uint8Array {
  const data = Buffer.from(s.data ?? '', 'latin1');
  return new Writer(false).u16(s.sport).u16(s.dport).u32(s.seq).u32(0).u8(5 << 4).u8(FLAGS[s.flags ?? 'PA'])
    .u16(65535).u16(0).u16(0).bytes(data).done();
}

/** An IP packet carrying the segment; `hopByHop` adds an IPv6 extension header before TCP. */
export function ipBytes(s: Segment, hopByHop = false): Uint8Array {
  const tcp = tcpBytes(s);
  if (s.src.includes(':')) {
    const ext = hopByHop ? [6, 0, 1, 4, 0, 0, 0, 0] : [];
    return new Writer(false).u32(0x60000000).u16(tcp.length + ext.length).u8(hopByHop ? 0 : 6).u8(64)
      .bytes(v6(s.src)).bytes(v6(s.dst)).bytes(ext).bytes(tcp).done();
  }
  return new Writer(false).u8(0x45).u8(0).u16(20 + tcp.length).u16(1).u16(0x4000).u8(64).u8(6).u16(0)
    .bytes(v4(s.src)).bytes(v4(s.dst)).bytes(tcp).done();
}

export type Link = 'ethernet' | 'vlan' | 'sll' | 'sll2' | 'null-le' | 'null-be' | 'raw';
export const LINK_TYPE: Record<Link, number> = { ethernet: 1, vlan: 1, sll: 113, sll2: 276, 'null-le': 0, 'null-be': 0, raw: 101 };

export function frame(link: Link, ip: Uint8Array): Uint8Array {
  const type = (ip[0]! >> 4) === 6 ? 0x86dd : 0x0800;
  const family = type === 0x86dd ? 10 : 2;
  const w = new Writer(false);
  switch (link) {
    case 'ethernet': return w.bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).u16(type).bytes(ip).done();
    case 'vlan': return w.bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).u16(0x8100).u16(42).u16(type).bytes(ip).done();
    case 'sll': return w.u16(0).u16(772).u16(6).bytes([0, 0, 0, 0, 0, 0, 0, 0]).u16(type).bytes(ip).done();
    case 'sll2': return w.u16(type).u16(0).u32(1).u16(772).u8(0).u8(6).bytes([0, 0, 0, 0, 0, 0, 0, 0]).bytes(ip).done();
    case 'null-le': return new Writer(true).u32(family).bytes(ip).done();
    case 'null-be': return new Writer(false).u32(family).bytes(ip).done();
    case 'raw': return ip;
  }
}

export interface Packet { linkType: number; data: Uint8Array; seconds?: number; fraction?: number }

export function pcapFile(packets: Packet[], opts: { little?: boolean; nanos?: boolean } = {}): Uint8Array {
  const w = new Writer(opts.little ?? true);
  w.u32(opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(packets[0]?.linkType ?? 1);
  for (const p of packets) w.u32(p.seconds ?? 1_700_000_000).u32(p.fraction ?? 0).u32(p.data.length).u32(p.data.length).bytes(p.data);
  return w.done();
}

export interface PcapngSection {
  little: boolean;
  /** Link type per interface, and its if_tsresol option value (omitted: microseconds). */
  interfaces: Array<{ linkType: number; tsresol?: number }>;
  blocks: Array<{ kind: 'epb' | 'pb'; iface: number; data: Uint8Array; ts?: number } | { kind: 'spb'; data: Uint8Array } | { kind: 'other' }>;
}

function block(little: boolean, type: number, body: (w: Writer) => void): number[] {
  const inner = new Writer(little);
  body(inner);
  inner.pad4();
  const b = inner.done();
  return [...new Writer(little).u32(type).u32(b.length + 12).bytes(b).u32(b.length + 12).done()];
}

export function pcapngFile(sections: PcapngSection[]): Uint8Array {
  const out: number[] = [];
  for (const s of sections) {
    const L = s.little;
    out.push(...block(L, 0x0a0d0d0a, (w) => w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff)));
    for (const i of s.interfaces) {
      out.push(...block(L, 1, (w) => {
        w.u16(i.linkType).u16(0).u32(0);
        // An option before if_tsresol, so the reader has to walk the list.
        w.u16(2).u16(2).bytes([0x6c, 0x6f]).pad4();
        if (i.tsresol !== undefined) w.u16(9).u16(1).u8(i.tsresol).pad4();
        w.u16(0).u16(0);
      }));
    }
    for (const b of s.blocks) {
      if (b.kind === 'epb') {
        const ts = b.ts ?? 0;
        out.push(...block(L, 6, (w) => w.u32(b.iface).u32(Math.floor(ts / 2 ** 32)).u32(ts >>> 0).u32(b.data.length).u32(b.data.length).bytes(b.data).pad4()));
      } else if (b.kind === 'pb') {
        const ts = b.ts ?? 0;
        out.push(...block(L, 2, (w) => w.u16(b.iface).u16(0).u32(Math.floor(ts / 2 ** 32)).u32(ts >>> 0).u32(b.data.length).u32(b.data.length).bytes(b.data).pad4()));
      } else if (b.kind === 'spb') {
        out.push(...block(L, 3, (w) => w.u32(b.data.length).bytes(b.data).pad4()));
      } else {
        // A Name Resolution Block: not a packet, to be skipped.
        out.push(...block(L, 4, (w) => w.u16(0).u16(0)));
      }
    }
  }
  return Uint8Array.from(out);
}
