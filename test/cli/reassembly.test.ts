// TCP reassembly on crafted segments: order, holes, retransmissions, wraparound, both directions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DirectionReassembler } from '../../cli/pcap/reassembly.ts';
import { tcpStreams } from '../../cli/pcap/tcp-streams.ts';
import { frame, ipBytes, type Segment } from './capture-builder.ts';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (ds: Array<{ data: Uint8Array }>) => ds.map((d) => Buffer.from(d.data).toString('latin1')).join('|');

describe('one direction', () => {
  it('delivers in-order data at once, after the SYN\'s sequence number', () => {
    const r = new DirectionReassembler();
    assert.deepEqual(r.segment(1000, true, false, new Uint8Array(0), 0), []);
    assert.equal(text(r.segment(1001, false, false, bytes('abc'), 1)), 'abc');
    const d = r.segment(1004, false, false, bytes('de'), 2);
    assert.deepEqual(d.map((x) => [x.offset, x.packet]), [[3, 2]]);
  });

  it('holds segments after a hole until it is filled, then releases them in order', () => {
    const r = new DirectionReassembler();
    r.segment(0, true, false, new Uint8Array(0), 0);
    assert.deepEqual(r.segment(7, false, false, bytes('ghi'), 1), []);
    assert.deepEqual(r.segment(4, false, false, bytes('def'), 2), []);
    assert.equal(r.waitingBytes, 6);
    const d = r.segment(1, false, false, bytes('abc'), 3);
    assert.equal(text(d), 'abc|def|ghi');
    assert.deepEqual(d.map((x) => x.packet), [3, 3, 3]);
    assert.equal(r.waitingBytes, 0);
    assert.equal(r.retransmittedBytes, 0);
  });

  it('drops whole and partial retransmissions, counting their bytes', () => {
    const r = new DirectionReassembler();
    r.segment(99, true, false, new Uint8Array(0), 0);
    r.segment(100, false, false, bytes('abcd'), 1);
    assert.deepEqual(r.segment(100, false, false, bytes('abcd'), 2), []);
    assert.equal(text(r.segment(102, false, false, bytes('cdef'), 3)), 'ef');
    // A retransmission of held data keeps the longer copy.
    r.segment(110, false, false, bytes('kl'), 4);
    r.segment(110, false, false, bytes('klm'), 5);
    assert.equal(text(r.segment(106, false, false, bytes('ghij'), 6)), 'ghij|klm');
    assert.equal(r.retransmittedBytes, 4 + 2 + 2);
  });

  it('follows sequence numbers across the 2^32 wrap, and starts mid-stream without a SYN', () => {
    const r = new DirectionReassembler();
    assert.equal(text(r.segment(0xfffffffe, false, false, bytes('ab'), 0)), 'ab');
    assert.equal(text(r.segment(0, false, false, bytes('cd'), 1)), 'cd');
    assert.deepEqual(r.segment(0xffffffff, false, false, bytes('bc'), 2), []);
    assert.equal(r.retransmittedBytes, 2);
  });
});

describe('connections', () => {
  const C = { src: '127.0.0.1', dst: '127.0.0.1', sport: 50000, dport: 11211 };
  const S = { src: '127.0.0.1', dst: '127.0.0.1', sport: 11211, dport: 50000 };
  const packets = (segments: Segment[]) => segments.map((s) => ({ linkType: 1, timestampUs: 0, data: frame('ethernet', ipBytes(s)) }));

  it('splits a capture into connections, finds the client by its SYN, and orders both directions', () => {
    const { streams, skippedPackets } = tcpStreams(packets([
      { ...S, seq: 500, flags: 'SA' }, // the SYN-ACK came first (capture started between SYN and SYN-ACK)
      { ...C, seq: 1001, flags: 'A' },
      { ...C, seq: 1008, data: 'get b\r\n' }, // out of order: the first request is late
      { ...C, seq: 1001, data: 'get a\r\n' },
      { ...S, seq: 501, data: 'END\r\n' },
      { ...S, seq: 501, data: 'END\r\n' }, // retransmitted
      { ...S, seq: 506, data: 'END\r\n' },
      { ...C, sport: 50001, seq: 7, flags: 'S' },
      { ...C, sport: 50001, seq: 8, data: 'version\r\n' },
      { ...C, seq: 1015, flags: 'FA' },
      { ...S, seq: 511, flags: 'FA' },
    ]));
    assert.equal(skippedPackets, 0);
    assert.equal(streams.length, 2);
    const [first, second] = streams;
    assert.deepEqual([first!.client.port, first!.server.port, first!.sawSyn, first!.closed], [50000, 11211, true, true]);
    assert.deepEqual(first!.chunks.map((c) => [c.fromClient, Buffer.from(c.data).toString()]),
                     [[true, 'get a\r\n'], [true, 'get b\r\n'], [false, 'END\r\n'], [false, 'END\r\n']]);
    assert.equal(first!.retransmittedBytes, 5);
    assert.deepEqual([second!.client.port, second!.closed, second!.chunks.length], [50001, false, 1]);
  });

  it('without a SYN, takes the side talking to a server port as the client and reports missing bytes', () => {
    const { streams } = tcpStreams(packets([
      { ...S, seq: 9000, data: 'VALUE' },
      { ...C, seq: 100, data: 'get x\r\n' },
      { ...C, seq: 120, data: 'get z\r\n' }, // after a hole the capture never filled
    ]), (port) => port === 11211);
    assert.equal(streams.length, 1);
    assert.deepEqual([streams[0]!.client.port, streams[0]!.sawSyn, streams[0]!.missingBytes], [50000, false, 7]);
    assert.deepEqual(streams[0]!.chunks.map((c) => c.fromClient), [false, true]);
  });
});
