import { formatIpv6 } from './ipv6-text.ts';

/**
 * The transport payload of an IPv4 or IPv6 packet, with its addresses as text.
 *
 *   IPv4: version/ihl u8 | tos u8 | total_length u16 | id u16 | flags/fragment_offset u16 | ttl u8 |
 *         protocol u8 | checksum u16 | src 4 | dst 4 | options (ihl*4 - 20)
 *   IPv6: version/class/flow u32 | payload_length u16 | next_header u8 | hop_limit u8 | src 16 | dst 16 |
 *         extension headers (hop-by-hop 0, routing 43, destination options 60: next u8 | len u8 (8-byte
 *         units past the first 8); fragment 44: 8 bytes) | payload
 *
 * Fragments are not reassembled: a fragmented datagram is reported as null (TCP on loopback and most
 * paths is never fragmented, its segments fit the MTU).
 */
export interface IpPacket {
  src: string;
  dst: string;
  /** Whether the addresses are IPv6 (written in brackets beside a port). */
  v6: boolean;
  protocol: number;
  payload: Uint8Array;
}

const EXTENSIONS = [0, 43, 60];
const FRAGMENT = 44;

export function readIp(packet: Uint8Array): IpPacket | null {
  if (packet.length < 1) return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const version = packet[0]! >> 4;
  if (version === 4) {
    const ihl = (packet[0]! & 0x0f) * 4;
    if (ihl < 20 || packet.length < ihl) return null;
    const fragment = view.getUint16(6, false);
    // More-fragments flag or a non-zero offset: part of a fragmented datagram.
    if ((fragment & 0x2000) !== 0 || (fragment & 0x1fff) !== 0) return null;
    // The total length trims Ethernet padding after short packets.
    const total = Math.min(view.getUint16(2, false) || packet.length, packet.length);
    return { src: packet.subarray(12, 16).join('.'), dst: packet.subarray(16, 20).join('.'), v6: false,
             protocol: packet[9]!, payload: packet.subarray(ihl, total) };
  }
  if (version === 6) {
    if (packet.length < 40) return null;
    const end = Math.min(40 + view.getUint16(4, false), packet.length);
    let next = packet[6]!;
    let at = 40;
    while (EXTENSIONS.includes(next) || next === FRAGMENT) {
      if (at + 8 > end) return null;
      if (next === FRAGMENT) return null;
      const length = 8 + packet[at + 1]! * 8;
      next = packet[at]!;
      at += length;
    }
    if (at > end) return null;
    return { src: formatIpv6(packet.subarray(8, 24)), dst: formatIpv6(packet.subarray(24, 40)), v6: true,
             protocol: next, payload: packet.subarray(at, end) };
  }
  return null;
}
