/**
 * A TCP segment's header fields that reassembly needs, and its payload.
 *
 *   src_port u16 | dst_port u16 | seq u32 | ack u32 | data_offset u4 reserved u4 | flags u8 | window u16 |
 *   checksum u16 | urgent u16 | options (data_offset*4 - 20)
 */
export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  payload: Uint8Array;
}

export const TCP = 6;

export function readTcp(bytes: Uint8Array): TcpSegment | null {
  if (bytes.length < 20) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = (bytes[12]! >> 4) * 4;
  if (offset < 20 || offset > bytes.length) return null;
  const flags = bytes[13]!;
  return {
    srcPort: view.getUint16(0, false), dstPort: view.getUint16(2, false), seq: view.getUint32(4, false),
    fin: (flags & 0x01) !== 0, syn: (flags & 0x02) !== 0, rst: (flags & 0x04) !== 0, ack: (flags & 0x10) !== 0,
    payload: bytes.subarray(offset),
  };
}
