import { CaptureError, type CapturedPacket } from './captured-packet.ts';
import { readIp } from './ip-packet.ts';
import { ipPacket, isSupportedLinkType } from './link-layer.ts';
import { DirectionReassembler } from './reassembly.ts';
import { readTcp, TCP } from './tcp-segment.ts';

export interface Endpoint {
  ip: string;
  port: number;
  v6: boolean;
}

/** Bytes one side sent, in the order the capture made them deliverable. */
export interface StreamChunk {
  fromClient: boolean;
  data: Uint8Array;
  /** Index of the packet that completed them. */
  packet: number;
}

export interface TcpStream {
  client: Endpoint;
  server: Endpoint;
  /** Whether the capture holds the connection's SYN (otherwise it began mid-connection, sides guessed). */
  sawSyn: boolean;
  chunks: StreamChunk[];
  retransmittedBytes: number;
  /** Bytes that never became deliverable: lost before capture, or a hole at the end. */
  missingBytes: number;
  closed: boolean;
}

export interface CaptureStreams {
  streams: TcpStream[];
  /** Packets that were not TCP over IP (ARP, UDP, fragments, unknown link types). */
  skippedPackets: number;
}

interface Open {
  stream: TcpStream;
  toServer: DirectionReassembler;
  toClient: DirectionReassembler;
}

export const endpointText = (e: Endpoint) => (e.v6 ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

/**
 * Splits a capture into TCP connections and reassembles both directions of each. The client is the
 * side that sent the SYN; for a connection caught mid-way, the side talking to a port `isServerPort`
 * accepts, else the sender of its first packet.
 */
export function tcpStreams(packets: readonly CapturedPacket[], isServerPort: (port: number) => boolean = () => false): CaptureStreams {
  const open = new Map<string, Open>();
  const all: Open[] = [];
  let skippedPackets = 0;
  const linkTypes = new Set(packets.map((p) => p.linkType));
  if (packets.length > 0 && ![...linkTypes].some(isSupportedLinkType)) {
    throw new CaptureError(`link type ${[...linkTypes].join(', ')} is not supported (Ethernet, Linux cooked, loopback/NULL, raw IP are)`);
  }
  packets.forEach((p, index) => {
    const frame = ipPacket(p.linkType, p.data);
    const ip = frame && readIp(frame);
    const tcp = ip && ip.protocol === TCP ? readTcp(ip.payload) : null;
    if (!ip || !tcp) {
      skippedPackets++;
      return;
    }
    const from: Endpoint = { ip: ip.src, port: tcp.srcPort, v6: ip.v6 };
    const to: Endpoint = { ip: ip.dst, port: tcp.dstPort, v6: ip.v6 };
    const key = [endpointText(from), endpointText(to)].sort().join(' ');
    let conn = open.get(key);
    const opening = tcp.syn && !tcp.ack;
    // A new SYN on a 4-tuple that carried a connection before: the port was reused.
    if (conn && opening && (conn.stream.closed || conn.stream.chunks.length > 0)) conn = undefined;
    if (!conn) {
      const fromIsClient = tcp.syn ? !tcp.ack : isServerPort(to.port) || !isServerPort(from.port);
      const stream: TcpStream = {
        client: fromIsClient ? from : to, server: fromIsClient ? to : from, sawSyn: tcp.syn, chunks: [],
        retransmittedBytes: 0, missingBytes: 0, closed: false,
      };
      conn = { stream, toServer: new DirectionReassembler(), toClient: new DirectionReassembler() };
      open.set(key, conn);
      all.push(conn);
    }
    const fromClient = endpointText(from) === endpointText(conn.stream.client);
    const direction = fromClient ? conn.toServer : conn.toClient;
    for (const d of direction.segment(tcp.seq, tcp.syn, tcp.fin, tcp.payload, index)) {
      conn.stream.chunks.push({ fromClient, data: d.data, packet: d.packet });
    }
    if (tcp.rst || (conn.toServer.finished && conn.toClient.finished)) conn.stream.closed = true;
  });
  for (const { stream, toServer, toClient } of all) {
    stream.retransmittedBytes += toServer.retransmittedBytes + toClient.retransmittedBytes;
    stream.missingBytes = toServer.waitingBytes + toClient.waitingBytes;
  }
  return { streams: all.map((c) => c.stream), skippedPackets };
}
