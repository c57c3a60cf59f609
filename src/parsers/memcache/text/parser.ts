import { Buffer } from 'node:buffer';
import type { Connection } from '../../../framework/connection.ts';
import type { Parser } from '../../../framework/parser.ts';
import type { SliceReader } from '../../../framework/slice-reader.ts';
import { drop, error, more, NOP, OpError, pass, type Verdict } from '../../../framework/types.ts';
import { Denials } from '../denials.ts';
import { Direction } from '../direction.ts';
import type { MemcacheLimits } from '../limits.ts';
import { BARRIER_REPLY, ReplyQueue } from '../reply-queue.ts';
import { LINE_TOO_LONG, LineFinder, NO_LINE_YET, contentEnd, moreForPartialLine } from './line.ts';
import {
  frameKind, isErrorLine, isMetaReply, LAST, MALFORMED, OUTSIDE, placeInFrame, readUnit, replyOpaque, SINGLE,
  type FrameKind, type ReplyUnit,
} from './reply.ts';
import { BARRIER_REPLY_TOKEN, BARRIER_REQUEST, DENIED_REPLY } from './replies.ts';
import { parseRequestLine, type TextRequest } from './request.ts';

/** What the reply side needs to know about a forwarded request. */
interface Sent {
  readonly token: string;
  readonly meta: boolean;
  readonly maybe: boolean;
  readonly watch: boolean;
  readonly opaque: string | null;
}

const PROTO = 'textmemcached';

const sameRequest = (a: Sent, b: Sent): boolean => a.token === b.token && a.opaque === b.opaque;
const utf8 = (key: string): string => Buffer.from(key, 'latin1').toString('utf8');

/**
 * memcached's text protocol. Requests: one line, plus a data block for storage commands and `ms`,
 * checked against the policy; denied ones are dropped and answered with CLIENT_ERROR access denied, in
 * request order. Replies are framed by their shape (reply.ts) and matched to requests by ReplyQueue.
 */
export class TextParser implements Parser {
  private readonly request = new Direction();
  private readonly reply = new Direction();
  private readonly requestLines: LineFinder;
  private readonly replyLines: LineFinder;
  private readonly queue: ReplyQueue<Sent>;
  private readonly denials: Denials<Sent>;
  /** Reply side: a multi-unit frame passed in part, and the request it answers. */
  private open: { kind: FrameKind; sent: Sent | null } | null = null;
  /** After `watch` is answered OK, the server streams log lines until the connection ends. */
  private watching = false;
  private failed: OpError | null = null;

  constructor(private readonly conn: Connection, private readonly limits: MemcacheLimits) {
    this.requestLines = new LineFinder(limits.maxLineBytes);
    this.replyLines = new LineFinder(limits.maxLineBytes);
    this.queue = new ReplyQueue(limits.maxPending);
    this.denials = new Denials(this.queue, BARRIER_REQUEST);
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    if (this.failed !== null) return error(this.failed);
    if ((reply ? this.reply : this.request).isRecallAfterPastInput(input)) return NOP;
    return reply ? this.onReply(input) : this.onRequest(input);
  }

  // ---- requests ----

  private onRequest(input: SliceReader): Verdict {
    const pending = this.denials.pending(this.conn, this.request, input);
    if (pending !== null) return pending;
    const lf = this.requestLines.find(input, 0, this.request.consumed);
    if (lf === NO_LINE_YET) return more(moreForPartialLine(input));
    if (lf === LINE_TOO_LONG) return this.fail(OpError.INVALID_FRAME_LENGTH);
    const end = contentEnd(input, 0, lf);
    // memcached ends a command at a bare LF too; Cilium read on to the next CRLF, so `get p\ndelete p1\r\n`
    // passed as one get. A request line must end in CRLF here, as every client sends it.
    if (end === lf) return this.fail(OpError.INVALID_FRAME_TYPE);
    const req = parseRequestLine(input.string(0, end), this.limits.maxValueBytes);
    if ('error' in req) return this.fail(req.error);
    // A verdict may cover bytes still to come: a large value is decided by its command line alone.
    const frame = lf + 1 + (req.dataLength >= 0 ? req.dataLength + 2 : 0);
    const allowed = this.conn.matches(req);
    this.conn.log(allowed ? 'Request' : 'Denied', {
      genericL7: { proto: PROTO, fields: { command: req.token, keys: req.keys.map(utf8).join(', ') } },
    });
    if (allowed) {
      if (req.reply !== 'none' && !this.queue.pushForwarded(sentOf(req), req.reply === 'maybe', sameRequest)) {
        return this.fail(OpError.INVALID_FRAME_LENGTH);
      }
      return this.request.take(pass, frame, input);
    }
    // noreply and quit expect no answer; a quiet meta command still gets errors, so it gets the denial.
    if (req.reply === 'none' || (req.reply === 'maybe' && !req.meta)) return this.request.take(drop, frame, input);
    const verdict = this.denials.deny(this.conn, DENIED_REPLY, frame, this.request, input, this.open !== null);
    return verdict ?? this.fail(OpError.INVALID_FRAME_LENGTH);
  }

  // ---- replies ----

  private onReply(input: SliceReader): Verdict {
    if (this.open === null) {
      const released = this.queue.release(this.conn);
      if (released !== null) return released;
    }
    if (input.length === 0) return NOP;
    if (this.watching) return this.watchLine(input);
    return this.frame(input);
  }

  /** Passes the next reply frame, or the complete part of a long one (the rest follows in later calls). */
  private frame(input: SliceReader): Verdict {
    let pos = 0;
    if (this.open === null) {
      const unit = this.unitAt(input, 0);
      if (typeof unit === 'number') return this.incomplete(unit, input);
      const sent = this.queue.attribute((s) => compatible(s, unit), unit.first === BARRIER_REPLY_TOKEN);
      // The barrier's answer is the proxy's own business: the denial behind it takes its place.
      if (sent === BARRIER_REPLY) return this.reply.take(drop, unit.end, input);
      if (sent !== null && sent.watch) return this.watchStarts(unit, input);
      const kind = frameKind(unit.first);
      if (kind === SINGLE) {
        this.finish(sent);
        return this.reply.take(pass, unit.end, input);
      }
      this.open = { kind, sent };
      pos = unit.end;
    }
    const open = this.open;
    for (;;) {
      if (pos >= input.length) return this.reply.take(pass, pos, input);
      const unit = this.unitAt(input, pos);
      if (typeof unit === 'number') {
        return pos > 0 && unit === NO_LINE_YET ? this.reply.take(pass, pos, input) : this.incomplete(unit, input);
      }
      const place = placeInFrame(open.kind, unit.first);
      if (place === LAST) {
        this.open = null;
        this.finish(open.sent);
        return this.reply.take(pass, unit.end, input);
      }
      if (place === OUTSIDE) {
        // The frame ended without its terminator; what follows answers the next request.
        this.open = null;
        this.finish(open.sent);
        return pos > 0 ? this.reply.take(pass, pos, input) : this.frame(input);
      }
      pos = unit.end;
    }
  }

  private unitAt(input: SliceReader, at: number): ReplyUnit | number {
    return readUnit(input, at, this.reply.consumed + at, this.replyLines, this.limits.maxValueBytes);
  }

  private incomplete(code: number, input: SliceReader): Verdict {
    if (code === NO_LINE_YET) return more(moreForPartialLine(input));
    return this.fail(code === MALFORMED ? OpError.INVALID_FRAME_TYPE : OpError.INVALID_FRAME_LENGTH);
  }

  /** The reply to `watch`: OK starts the event stream. Neither it nor the events are logged, as in Cilium. */
  private watchStarts(unit: ReplyUnit, input: SliceReader): Verdict {
    this.queue.resolve();
    this.watching = unit.first === 'OK';
    return this.reply.take(pass, unit.end, input);
  }

  private watchLine(input: SliceReader): Verdict {
    const lf = this.replyLines.find(input, 0, this.reply.consumed);
    if (lf === NO_LINE_YET) return more(moreForPartialLine(input));
    if (lf === LINE_TOO_LONG) return this.fail(OpError.INVALID_FRAME_LENGTH);
    return this.reply.take(pass, lf + 1, input);
  }

  /** A reply frame is complete: log it against its request and stop waiting for it. */
  private finish(sent: Sent | null): void {
    this.conn.log('Response', { genericL7: { proto: PROTO, fields: { command: sent?.token ?? '' } } });
    if (sent !== null) this.queue.resolve();
  }

  private fail(code: OpError): Verdict {
    this.failed = code;
    return error(code);
  }
}

function sentOf(req: TextRequest): Sent {
  return { token: req.token, meta: req.meta, maybe: req.reply === 'maybe', watch: req.reply === 'watch', opaque: req.opaque };
}

/**
 * Whether a request could have produced a reply starting with `unit`. Only the barrier's shape and the
 * maybe-answered requests are told apart: a noreply command can only have failed, a quiet meta command
 * answers in meta codes (with its opaque, when it set one).
 */
function compatible(s: Sent, unit: ReplyUnit): boolean {
  if (unit.first === BARRIER_REPLY_TOKEN) return s.token === 'version';
  if (!s.maybe) return true;
  if (isErrorLine(unit.first)) return true;
  if (!s.meta || !isMetaReply(unit.first)) return false;
  if (s.opaque === null) return true;
  const echoed = replyOpaque(unit);
  return echoed === null || echoed === s.opaque;
}
