import { Buffer } from 'node:buffer';
import { inVersion, type Field } from './schema.ts';
import { WireWriter } from './wire.ts';

/**
 * A request body for any API and version, written from a request layout: one element in every
 * array, "orders" in every string, zero in every number (acks 1, so Produce is answered). Lets a test send every API key in every
 * version we answer, including the many no client library in node_modules can encode.
 */
export function sampleBody(w: WireWriter, fields: readonly Field[], version: number, flexible: boolean): void {
  for (const f of fields) {
    if (!inVersion(f, version)) continue;
    const t = f.type;
    if (Array.isArray(t)) {
      // One element, ending in its own (empty) tagged fields.
      w.length(1, flexible, true);
      sampleBody(w, t, version, flexible);
    } else if (t === 'strings') {
      w.length(1, flexible, true).string('orders', flexible);
    } else if (f.role === 'acks') {
      w.i16(1);
    } else if (t === 'int32s') {
      w.length(1, flexible, true).i32(0);
    } else if (t === 'string') {
      w.string('orders', flexible);
    } else if (t === 'bytes') {
      w.length(0, flexible, true);
    } else {
      w.raw(Buffer.alloc({ int8: 1, bool: 1, int16: 2, int32: 4, int64: 8, float64: 8, uuid: 16 }[t]));
    }
  }
  if (flexible) w.uvarint(0);
}
