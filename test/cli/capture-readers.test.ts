// The pcap and pcapng readers, the link layers and IP on crafted captures (capture-builder.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCapture } from '../../cli/pcap/capture-file.ts';
import { CaptureError } from '../../cli/pcap/captured-packet.ts';
import { readIp } from '../../cli/pcap/ip-packet.ts';
import { formatIpv6 } from '../../cli/pcap/ipv6-text.ts';
import { ipPacket } from '../../cli/pcap/link-layer.ts';
import { readTcp } from '../../cli/pcap/tcp-segment.ts';
import { frame, ipBytes, LINK_TYPE, pcapFile, pcapngFile, type Link, type Segment } from './capture-builder.ts';

const SEG: Segment = { src: '10.1.2.3', dst: '10.9.8.7', sport: 40000, dport: 11211, seq: 0xfffffff0, data: 'get k\r\n' };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('pcap reader', () => {
  for (const little of [true, false]) {
    it(`reads ${little ? 'little' : 'big'}-endian files, microsecond and nanosecond`, () => {
      const data = frame('ethernet', ipBytes(SEG));
      for (const nanos of [false, true]) {
        const packets = readCapture(pcapFile([{ linkType: 1, data, seconds: 1_700_000_000, fraction: nanos ? 123_456_789 : 123_456 },
                                              { linkType: 1, data: data.subarray(0, 20) }], { little, nanos }));
        assert.equal(packets.length, 2);
        assert.equal(packets[0]!.linkType, 1);
        assert.equal(hex(packets[0]!.data), hex(data));
        assert.equal(packets[0]!.timestampUs, 1_700_000_000_123_456);
        assert.equal(packets[1]!.data.length, 20);
      }
    });
  }

  it('refuses a cut-off record and an unknown magic with a CaptureError', () => {
    const file = pcapFile([{ linkType: 1, data: new Uint8Array(40) }]);
    assert.throws(() => readCapture(file.subarray(0, file.length - 1)), (e: unknown) => e instanceof CaptureError && /cut off/.test(e.message));
    assert.throws(() => readCapture(new Uint8Array(64)), /neither pcap nor pcapng/);
  });
});

describe('pcapng reader', () => {
  const ip4 = ipBytes(SEG);
  const ip6 = ipBytes({ ...SEG, src: 'fd00::1', dst: 'fd00::2' });
  for (const little of [true, false]) {
    it(`reads ${little ? 'little' : 'big'}-endian sections: interfaces, EPB, SPB, obsolete PB, skipped blocks, if_tsresol`, () => {
      const packets = readCapture(pcapngFile([{
        little,
        interfaces: [{ linkType: 1 }, { linkType: 276, tsresol: 9 }, { linkType: 0, tsresol: 0x80 | 10 }],
        blocks: [
          { kind: 'epb', iface: 0, data: frame('ethernet', ip4), ts: 1_700_000_000_000_001 },
          { kind: 'other' },
          { kind: 'epb', iface: 1, data: frame('sll2', ip6), ts: 1_700_000_000_000_001_000 },
          { kind: 'pb', iface: 2, data: frame('null-le', ip4), ts: 1024 * 3 },
          { kind: 'spb', data: frame('ethernet', ip6) },
        ],
      }]));
      assert.deepEqual(packets.map((p) => p.linkType), [1, 276, 0, 1]);
      assert.deepEqual(packets.slice(0, 3).map((p) => p.timestampUs), [1_700_000_000_000_001, 1_700_000_000_000_001, 3_000_000]);
      assert.equal(hex(packets[1]!.data), hex(frame('sll2', ip6)));
      assert.equal(hex(packets[3]!.data), hex(frame('ethernet', ip6)));
    });
  }

  it('starts over at each section, with that section\'s byte order and interfaces', () => {
    const packets = readCapture(pcapngFile([
      { little: true, interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', iface: 0, data: frame('ethernet', ip4) }] },
      { little: false, interfaces: [{ linkType: 101 }], blocks: [{ kind: 'epb', iface: 0, data: ip4 }] },
    ]));
    assert.deepEqual(packets.map((p) => p.linkType), [1, 101]);
    assert.equal(hex(packets[1]!.data), hex(ip4));
  });

  it('refuses a packet of an undescribed interface and a block with a bad length', () => {
    const file = pcapngFile([{ little: true, interfaces: [{ linkType: 1 }], blocks: [{ kind: 'epb', iface: 3, data: ip4 }] }]);
    assert.throws(() => readCapture(file), /interface 3, which is not described/);
    const broken = pcapngFile([{ little: true, interfaces: [{ linkType: 1 }], blocks: [] }]);
    broken[28 + 4] = 13;
    assert.throws(() => readCapture(broken), /bad length/);
  });
});

describe('link layers and IP', () => {
  for (const link of ['ethernet', 'vlan', 'sll', 'sll2', 'null-le', 'null-be', 'raw'] as Link[]) {
    for (const [family, seg] of [['IPv4', SEG], ['IPv6', { ...SEG, src: '2001:db8::1', dst: '2001:db8::a:0:0:2' }]] as const) {
      it(`finds the ${family} packet in a ${link} frame`, () => {
        const ip = ipPacket(LINK_TYPE[link], frame(link, ipBytes(seg)));
        assert.ok(ip);
        const packet = readIp(ip)!;
        assert.deepEqual([packet.src, packet.dst, packet.v6, packet.protocol], [seg.src, seg.dst, family === 'IPv6', 6]);
        const tcp = readTcp(packet.payload)!;
        assert.deepEqual([tcp.srcPort, tcp.dstPort, tcp.seq, Buffer.from(tcp.payload).toString()], [40000, 11211, 0xfffffff0, 'get k\r\n']);
      });
    }
  }

  it('skips IPv6 extension headers, trims Ethernet padding, and leaves fragments and ARP out', () => {
    const withExt = readIp(ipBytes({ ...SEG, src: 'fd00::1', dst: 'fd00::2' }, true))!;
    assert.equal(withExt.protocol, 6);
    assert.equal(readTcp(withExt.payload)!.dstPort, 11211);
    const padded = new Uint8Array([...ipBytes({ ...SEG, data: '' }), 0, 0, 0, 0, 0, 0]);
    assert.equal(readTcp(readIp(padded)!.payload)!.payload.length, 0);
    const fragment = ipBytes(SEG);
    fragment[6] = 0x20;
    assert.equal(readIp(fragment), null);
    const arp = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x06, 0, 1]);
    assert.equal(ipPacket(1, arp), null);
  });

  it('writes IPv6 addresses in their canonical form', () => {
    const bytes = (groups: number[]) => Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 0xff]));
    assert.equal(formatIpv6(bytes([0, 0, 0, 0, 0, 0, 0, 1])), '::1');
    assert.equal(formatIpv6(bytes([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])), '2001:db8::1:0:0:1');
    assert.equal(formatIpv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIpv6(bytes([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1])), '::ffff:127.0.0.1');
    assert.equal(formatIpv6(bytes([0xfe80, 0, 0, 0, 0, 0, 0, 0])), 'fe80::');
  });
});
