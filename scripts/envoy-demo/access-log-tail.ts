/**
 * Follows the library's JSON-lines access log (the `access-log-file` parameter): every complete line
 * appended since the last read, parsed.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface AccessEntry {
  entryType: string;
  sourceAddress: string;
  destinationAddress: string;
  sourceSecurityId: number;
  policyName: string;
  genericL7?: { proto: string; fields: Record<string, string> };
  [other: string]: unknown;
}

export class AccessLogTail {
  private offset = 0;
  private partial = '';

  constructor(readonly path: string) {}

  read(): AccessEntry[] {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return []; // not written yet
    }
    if (size <= this.offset) return [];
    const buf = Buffer.alloc(size - this.offset);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + buf.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as AccessEntry);
  }
}

/** "Request 127.0.0.1:40112 -> 127.0.0.1:11211 memcache {cmd=get}" */
export function describeEntry(e: AccessEntry): string {
  const l7 = e.genericL7 ? `${e.genericL7.proto} {${Object.entries(e.genericL7.fields).map(([k, v]) => `${k}=${v}`).join(', ')}}` : '';
  return `${e.entryType.padEnd(7)} ${e.sourceAddress} -> ${e.destinationAddress} id ${e.sourceSecurityId} ${l7}`;
}
