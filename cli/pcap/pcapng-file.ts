import { CaptureError, type CapturedPacket } from './captured-packet.ts';

/**
 * pcapng: a sequence of blocks, each  type u32 | total_length u32 | body | total_length u32,  padded to 4
 * bytes. A Section Header Block starts each section and fixes its byte order (its byte-order magic
 * 1a2b3c4d, read in the writer's order); interfaces are numbered per section in the order of their
 * Interface Description Blocks. Packets come in Enhanced (6), Simple (3) or obsolete Packet (2) blocks;
 * other blocks are skipped.
 *
 *   SHB  (0a0d0d0a): byte_order_magic u32 | major u16 | minor u16 | section_length i64 | options
 *   IDB  (1):        linktype u16 | reserved u16 | snaplen u32 | options (if_tsresol = code 9)
 *   EPB  (6):        interface u32 | ts_high u32 | ts_low u32 | captured_len u32 | original_len u32 | data | options
 *   SPB  (3):        original_len u32 | data   (interface 0; captured length from the block length)
 *   PB   (2):        interface u16 | drops u16 | ts_high u32 | ts_low u32 | captured_len u32 | original_len u32 | data
 *   option:          code u16 | length u16 | value padded to 4; code 0 ends the list
 */
const SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
const IF_TSRESOL = 9;

interface Interface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === SHB;
}

export function readPcapng(bytes: Uint8Array): CapturedPacket[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: CapturedPacket[] = [];
  let little = true;
  let interfaces: Interface[] = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 12 > bytes.length) throw new CaptureError(`pcapng: block at byte ${at} is cut off`);
    // The block type reads the same in both orders for an SHB, so it is checked before the order is known.
    if (view.getUint32(at, true) === SHB) {
      if (at + 28 > bytes.length) throw new CaptureError(`pcapng: section header at byte ${at} is cut off`);
      if (view.getUint32(at + 8, true) === BYTE_ORDER_MAGIC) little = true;
      else if (view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) little = false;
      else throw new CaptureError(`pcapng: section header at byte ${at} has no byte-order magic`);
      interfaces = [];
    }
    const type = view.getUint32(at, little);
    const length = view.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) {
      throw new CaptureError(`pcapng: block at byte ${at} has a bad length ${length}`);
    }
    if (view.getUint32(at + length - 4, little) !== length) throw new CaptureError(`pcapng: block at byte ${at}: trailing length differs`);
    const body = at + 8;
    const bodyEnd = at + length - 4;
    const iface = (n: number) => {
      const i = interfaces[n];
      if (!i) throw new CaptureError(`pcapng: packet at byte ${at} names interface ${n}, which is not described`);
      return i;
    };
    const time = (i: Interface, high: number, low: number) => ((high * 2 ** 32 + low) / i.unitsPerSecond) * 1e6;
    if (type === IDB) {
      interfaces.push({ linkType: view.getUint16(body, little), snapLen: view.getUint32(body + 4, little),
                        unitsPerSecond: tsResolution(view, body + 8, bodyEnd, little) });
    } else if (type === EPB || type === PB) {
      const i = iface(type === EPB ? view.getUint32(body, little) : view.getUint16(body, little));
      const captured = view.getUint32(body + 12, little);
      if (body + 20 + captured > bodyEnd) throw new CaptureError(`pcapng: packet at byte ${at} is longer than its block`);
      packets.push({ linkType: i.linkType, timestampUs: time(i, view.getUint32(body + 4, little), view.getUint32(body + 8, little)),
                     data: bytes.subarray(body + 20, body + 20 + captured) });
    } else if (type === SPB) {
      const i = iface(0);
      const original = view.getUint32(body, little);
      const captured = Math.min(original, bodyEnd - body - 4, i.snapLen > 0 ? i.snapLen : Infinity);
      packets.push({ linkType: i.linkType, timestampUs: 0, data: bytes.subarray(body + 4, body + 4 + captured) });
    }
    at += length;
  }
  return packets;
}

/** if_tsresol among an IDB's options: 10^-v seconds, or 2^-v when the high bit is set; default microseconds. */
function tsResolution(view: DataView, from: number, to: number, little: boolean): number {
  for (let at = from; at + 4 <= to;) {
    const code = view.getUint16(at, little);
    const length = view.getUint16(at + 2, little);
    if (code === 0) break;
    if (code === IF_TSRESOL && length >= 1) {
      const v = view.getUint8(at + 4);
      return v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
    }
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return 1e6;
}
