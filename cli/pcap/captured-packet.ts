/** One packet as a capture file holds it: link-layer bytes, their link type, when it was seen. */
export interface CapturedPacket {
  /** The LINKTYPE_* value of the interface it was captured on. */
  linkType: number;
  /** Microseconds since the epoch. */
  timestampUs: number;
  data: Uint8Array;
}

/** A capture that cannot be read; the message says where and why. */
export class CaptureError extends Error {}
