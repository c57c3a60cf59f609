import { Buffer } from 'node:buffer';

/**
 * For property tests: a small memcached answering the binary requests the generators produce (complete
 * packets). Quiet requests get no success (or miss) reply; replies echo opcode and opaque.
 */
export class FakeBinaryServer {
  private readonly items = new Map<string, Buffer>();

  answer(stream: Uint8Array): Uint8Array {
    const data = Buffer.from(stream);
    const replies: Buffer[] = [];
    for (let at = 0; at < data.length;) {
      const opcode = data[at + 1];
      const keyLength = data.readUInt16BE(at + 2);
      const extras = data[at + 4];
      const body = data.readUInt32BE(at + 8);
      const opaque = data.readUInt32BE(at + 12);
      const key = data.subarray(at + 24 + extras, at + 24 + extras + keyLength).toString('latin1');
      const value = data.subarray(at + 24 + extras + keyLength, at + 24 + body);
      at += 24 + body;
      const reply = (status: number, options: { extras?: Buffer; key?: string; value?: Buffer } = {}) =>
        replies.push(packet(opcode, opaque, status, options));
      switch (opcode) {
        case 0x00: case 0x09: case 0x0c: case 0x0d: {
          const v = this.items.get(key);
          const withKey = opcode === 0x0c || opcode === 0x0d;
          if (v !== undefined) reply(0, { extras: Buffer.alloc(4), key: withKey ? key : '', value: v });
          else if (opcode === 0x00 || opcode === 0x0c) reply(1, { value: Buffer.from('Not found') });
          break;
        }
        case 0x01: case 0x11:
          this.items.set(key, Buffer.from(value));
          if (opcode === 0x01) reply(0);
          break;
        case 0x04: case 0x14: {
          const found = this.items.delete(key);
          if (!found) reply(1, { value: Buffer.from('Not found') });
          else if (opcode === 0x04) reply(0);
          break;
        }
        case 0x0a:
          reply(0);
          break;
        case 0x10:
          reply(0, { key: 'pid', value: Buffer.from('1') });
          reply(0, { key: 'uptime', value: Buffer.from('2') });
          reply(0);
          break;
        default:
          reply(0x81, { value: Buffer.from('Unknown command') });
      }
    }
    return Buffer.concat(replies);
  }
}

function packet(opcode: number, opaque: number, status: number, o: { extras?: Buffer; key?: string; value?: Buffer }): Buffer {
  const extras = o.extras ?? Buffer.alloc(0);
  const key = Buffer.from(o.key ?? '', 'latin1');
  const value = o.value ?? Buffer.alloc(0);
  const header = Buffer.alloc(24);
  header[0] = 0x81;
  header[1] = opcode;
  header.writeUInt16BE(key.length, 2);
  header[4] = extras.length;
  header.writeUInt16BE(status, 6);
  header.writeUInt32BE(extras.length + key.length + value.length, 8);
  header.writeUInt32BE(opaque, 12);
  return Buffer.concat([header, extras, key, value]);
}
