import { CaptureError, type CapturedPacket } from './captured-packet.ts';
import { isPcap, readPcap } from './pcap-file.ts';
import { isPcapng, readPcapng } from './pcapng-file.ts';

/** The packets of a pcap or pcapng capture, told apart by their first bytes. */
export function readCapture(bytes: Uint8Array): CapturedPacket[] {
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (isPcap(bytes)) return readPcap(bytes);
  throw new CaptureError('neither pcap nor pcapng (unknown magic number)');
}
