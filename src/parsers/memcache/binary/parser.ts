import { Buffer } from 'node:buffer';
import type { Connection } from '../../../framework/connection.ts';
import type { Parser } from '../../../framework/parser.ts';
import type { SliceReader } from '../../../framework/slice-reader.ts';
import { drop, error, more, NOP, OpError, pass, type Verdict } from '../../../framework/types.ts';
import { Denials } from '../denials.ts';
import { Direction } from '../direction.ts';
import type { MemcacheLimits } from '../limits.ts';
import { BARRIER_REPLY, ReplyQueue } from '../reply-queue.ts';
import type { MemcacheRequest } from '../request.ts';
import { readHeader, readKey, REQUEST_MAGIC, RESPONSE_MAGIC, type Header } from './header.ts';
import { isQuiet, OPCODE_NOOP, OPCODE_QUITQ, OPCODE_STAT } from './opcodes.ts';
import { BARRIER_OPAQUE, BARRIER_REQUEST, deniedReply } from './replies.ts';

/** A forwarded request, as replies identify it. */
interface Sent {
  readonly opcode: number;
  readonly opaque: number;
}

const PROTO = 'binarymemcached';

const sameRequest = (a: Sent, b: Sent): boolean => a.opcode === b.opcode && a.opaque === b.opaque;
const utf8 = (key: string): string => Buffer.from(key, 'latin1').toString('utf8');

/**
 * memcached's binary protocol. Each request is decided from its header and key; the value is never
 * buffered. Denied requests get a response with status 0x0008 in their place, in request order; replies
 * are matched to requests by opcode and opaque, so quiet requests that get no reply are recognised.
 */
export class BinaryParser implements Parser {
  private readonly request = new Direction();
  private readonly reply = new Direction();
  private readonly queue: ReplyQueue<Sent>;
  private readonly denials: Denials<Sent>;
  private failed: OpError | null = null;

  constructor(private readonly conn: Connection, private readonly limits: MemcacheLimits) {
    this.queue = new ReplyQueue(limits.maxPending);
    this.denials = new Denials(this.queue, BARRIER_REQUEST);
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    if (this.failed !== null) return error(this.failed);
    if ((reply ? this.reply : this.request).isRecallAfterPastInput(input)) return NOP;
    return reply ? this.onReply(input) : this.onRequest(input);
  }

  private onRequest(input: SliceReader): Verdict {
    const pending = this.denials.pending(this.conn, this.request, input);
    if (pending !== null) return pending;
    const h = readHeader(input, REQUEST_MAGIC, this.limits.maxBodyBytes);
    if ('need' in h) return more(h.need);
    if ('error' in h) return this.fail(h.error);
    const key = readKey(input, h.extrasLength, h.keyLength);
    const req: MemcacheRequest = { command: null, opcode: h.opcode, keys: [key] };
    const allowed = this.conn.matches(req);
    this.log(allowed ? 'Request' : 'Denied', h, key);
    if (allowed) {
      // QUITQ is never answered (the server just closes), so it is not waited for.
      if (h.opcode !== OPCODE_QUITQ &&
          !this.queue.pushForwarded({ opcode: h.opcode, opaque: h.opaque }, isQuiet(h.opcode), sameRequest)) {
        return this.fail(OpError.INVALID_FRAME_LENGTH);
      }
      return this.request.take(pass, h.frameLength, input);
    }
    const verdict = this.denials.deny(this.conn, deniedReply(h.opcode, h.opaque), h.frameLength, this.request, input, false);
    return verdict ?? this.fail(OpError.INVALID_FRAME_LENGTH);
  }

  private onReply(input: SliceReader): Verdict {
    const released = this.queue.release(this.conn);
    if (released !== null) return released;
    if (input.length === 0) return NOP;
    const h = readHeader(input, RESPONSE_MAGIC, this.limits.maxBodyBytes);
    if ('need' in h) return more(h.need);
    if ('error' in h) return this.fail(h.error);
    const barrier = h.opcode === OPCODE_NOOP && h.opaque === BARRIER_OPAQUE;
    const sent = this.queue.attribute((s) => s.opcode === h.opcode && s.opaque === h.opaque, barrier);
    // The barrier's answer is the proxy's own business: the denial behind it takes its place.
    if (sent === BARRIER_REPLY) return this.reply.take(drop, h.frameLength, input);
    // STAT answers with one packet per statistic and ends with one that has no key.
    if (sent !== null && !(sent.opcode === OPCODE_STAT && h.keyLength > 0)) this.queue.resolve();
    this.log('Response', h, readKey(input, h.extrasLength, h.keyLength));
    return this.reply.take(pass, h.frameLength, input);
  }

  private log(entryType: 'Request' | 'Denied' | 'Response', h: Header, key: string): void {
    this.conn.log(entryType, { genericL7: { proto: PROTO, fields: { opcode: String(h.opcode), key: utf8(key) } } });
  }

  private fail(code: OpError): Verdict {
    this.failed = code;
    return error(code);
  }
}
