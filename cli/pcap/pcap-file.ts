import { CaptureError, type CapturedPacket } from './captured-packet.ts';

/**
 * Classic pcap (libpcap):
 *   file header (24 bytes): magic u32 | version_major u16 | version_minor u16 | thiszone i32 | sigfigs u32 |
 *                           snaplen u32 | linktype u32 (low 16 bits; the high bits carry FCS information)
 *   record header (16 bytes): ts_sec u32 | ts_frac u32 | incl_len u32 | orig_len u32, then incl_len bytes
 * The magic, read in the writer's byte order, is a1b2c3d4 (microsecond fractions) or a1b23c4d
 * (nanoseconds); every field is in that byte order.
 */
const MICROS = 0xa1b2c3d4;
const NANOS = 0xa1b23c4d;

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [MICROS, NANOS].some((m) => view.getUint32(0, true) === m || view.getUint32(0, false) === m);
}

export function readPcap(bytes: Uint8Array): CapturedPacket[] {
  if (bytes.length < 24) throw new CaptureError('pcap: shorter than its 24-byte header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getUint32(0, true) === MICROS || view.getUint32(0, true) === NANOS;
  const magic = view.getUint32(0, little);
  if (magic !== MICROS && magic !== NANOS) throw new CaptureError('pcap: not a pcap file (bad magic)');
  const fractionsPerUs = magic === NANOS ? 1000 : 1;
  const linkType = view.getUint32(20, little) & 0xffff;
  const packets: CapturedPacket[] = [];
  for (let at = 24; at < bytes.length;) {
    if (at + 16 > bytes.length) throw new CaptureError(`pcap: record header at byte ${at} is cut off`);
    const length = view.getUint32(at + 8, little);
    if (at + 16 + length > bytes.length) throw new CaptureError(`pcap: record at byte ${at} is cut off (${length} bytes announced)`);
    packets.push({
      linkType,
      timestampUs: view.getUint32(at, little) * 1e6 + Math.floor(view.getUint32(at + 4, little) / fractionsPerUs),
      data: bytes.subarray(at + 16, at + 16 + length),
    });
    at += 16 + length;
  }
  return packets;
}
