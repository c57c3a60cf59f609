/**
 * The IP packet inside a link-layer frame, for the link types loopback and Linux captures use:
 *
 *   NULL (0)         family u32 in the capturing host's byte order | IP   (BSD loopback)
 *   LOOP (108)       family u32 big-endian | IP                          (OpenBSD loopback)
 *   ETHERNET (1)     dst 6 | src 6 | [0x8100/0x88a8 tag 4]… | ethertype u16 | IP
 *   RAW (101)        IP
 *   LINUX_SLL (113)  packet_type u16 | arphrd u16 | addr_len u16 | addr 8 | protocol u16 | IP
 *   LINUX_SLL2 (276) protocol u16 | reserved u16 | ifindex u32 | arphrd u16 | packet_type u8 | addr_len u8 | addr 8 | IP
 */
export const LinkType = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = [0x8100, 0x88a8, 0x9100];
/** AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS). */
const AF_INET = 2;
const AF_INET6 = [10, 24, 28, 30];

/** The IP packet of a frame, or null for a frame that carries something else (ARP, a truncated header). */
export function ipPacket(linkType: number, frame: Uint8Array): Uint8Array | null {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  switch (linkType) {
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (frame.length < 4) return null;
      // The writer's byte order is not recorded for NULL: a family value fits in the low 16 bits either way.
      const le = view.getUint32(0, true);
      const family = linkType === LinkType.LOOP ? view.getUint32(0, false) : le <= 0xffff ? le : view.getUint32(0, false);
      return family === AF_INET || AF_INET6.includes(family) ? frame.subarray(4) : null;
    }
    case LinkType.ETHERNET: {
      let at = 12;
      while (at + 2 <= frame.length && VLAN_TAGS.includes(view.getUint16(at, false))) at += 4;
      if (at + 2 > frame.length) return null;
      return byEthertype(view.getUint16(at, false), frame.subarray(at + 2));
    }
    case LinkType.RAW:
      return frame;
    case LinkType.LINUX_SLL:
      return frame.length < 16 ? null : byEthertype(view.getUint16(14, false), frame.subarray(16));
    case LinkType.LINUX_SLL2:
      return frame.length < 20 ? null : byEthertype(view.getUint16(0, false), frame.subarray(20));
    default:
      return null;
  }
}

function byEthertype(type: number, payload: Uint8Array): Uint8Array | null {
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? payload : null;
}

export const isSupportedLinkType = (t: number) => (Object.values(LinkType) as number[]).includes(t);
