import type { Connection } from '../../framework/connection.ts';
import type { Parser } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, error, inject, more, NOP, OpError, pass, type Verdict } from '../../framework/types.ts';
import { ClientErrors } from './client-errors.ts';
import { FLAG_COMPRESSION, MAX_BODY, Opcode, readHeader, type FrameHeader } from './frame.ts';
import { decide, type Decision } from './decide.ts';
import { protocolError, unauthorized, unprepared, unsupportedVersion } from './replies.ts';
import { readRequest } from './requests.ts';
import { readResult } from './results.ts';
import { Session } from './session.ts';

/** Buffering bounds for one connection; see index.ts for the defaults. */
export interface CassandraLimits {
  /** Largest request frame (header included) buffered whole before its verdict; larger: ERROR. */
  maxRequestFrame: number;
  /** Largest reply prefix read to learn a prepared id or keyspace; larger: ERROR. */
  maxReplyPrefix: number;
  /** Prepared statements remembered per connection; the oldest is forgotten first. */
  maxPreparedStatements: number;
}

const LOWEST_VERSION = 3;
const HIGHEST_VERSION = 4;

/**
 * One CQL connection: requests are buffered whole, checked statement by statement and passed or
 * answered with an error; replies pass as soon as their header (and, for RESULTs, the few bytes that
 * say what the server did) is in.
 */
export class CassandraParser implements Parser {
  readonly session: Session;
  private readonly errors = new ClientErrors();
  /** Per direction (0 request, 1 reply): the last PASS/DROP covered bytes not received yet. */
  private readonly beyond = [false, false];
  /** The request direction returned ERROR: the frame is not retried (nor logged again). */
  private failed = false;

  constructor(private readonly conn: Connection, private readonly limits: CassandraLimits) {
    this.session = new Session(limits.maxPreparedStatements);
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const dir = reply ? 1 : 0;
    if (this.beyond[dir]) {
      // Envoy takes a verdict that ran past the input as the call's last op: nothing may follow it.
      this.beyond[dir] = false;
      return NOP;
    }
    if (reply && this.errors.waiting) {
      const n = this.errors.flush(this.conn);
      return n > 0 ? inject(n) : NOP;
    }
    const h = readHeader(input);
    if (typeof h === 'number') return more(h);
    return reply ? this.onReply(h, input) : this.onRequest(h, input);
  }

  private onRequest(h: FrameHeader, input: SliceReader): Verdict {
    if (this.failed) return error(OpError.INVALID_FRAME_TYPE);
    if (h.isResponse || h.version < LOWEST_VERSION) return this.fail(OpError.INVALID_FRAME_TYPE);
    if (h.version > HIGHEST_VERSION) {
      return this.refuse(h, input, unsupportedVersion(h), `unsupported protocol version ${h.version}`);
    }
    // Compression is refused at STARTUP, so a compressed frame breaks the protocol.
    if ((h.flags & FLAG_COMPRESSION) !== 0) return this.fail(OpError.INVALID_FRAME_TYPE);
    if (h.frameLength > this.limits.maxRequestFrame) return this.fail(OpError.INVALID_FRAME_LENGTH);
    if (input.length < h.frameLength) return more(h.frameLength - input.length);
    const body = readRequest(input, h);
    if (body.kind === 'malformed') return this.fail(OpError.INVALID_FRAME_TYPE);
    if (body.kind === 'startup' && body.options.has('COMPRESSION')) {
      return this.refuse(h, input, protocolError(h, 'Compression is not supported through this proxy'),
                         'compression not supported');
    }
    const decision = decide(body, this.session, this.conn);
    this.logDecision(decision);
    if (decision.allowed) {
      if (!this.remember(h, decision)) return this.fail(OpError.INVALID_FRAME_TYPE);
      return this.verdict(pass, h.frameLength, input, 0);
    }
    this.errors.send(this.conn, decision.unpreparedId !== undefined ? unprepared(h, decision.unpreparedId) : unauthorized(h));
    return this.verdict(drop, h.frameLength, input, 0);
  }

  /** Notes what the server's reply to an allowed request will change; false on a reused stream. */
  private remember(h: FrameHeader, d: Decision): boolean {
    if (d.use !== null) return this.session.expectUse(h.stream, d.use);
    if (d.prepare !== null) return this.session.expectPrepared(h.stream, d.prepare);
    return true;
  }

  private onReply(h: FrameHeader, input: SliceReader): Verdict {
    if (!h.isResponse || h.bodyLength > MAX_BODY) return error(OpError.INVALID_FRAME_TYPE);
    // We refuse compression, so the server never compresses; a compressed reply could hide a keyspace switch.
    if ((h.flags & FLAG_COMPRESSION) !== 0) return error(OpError.INVALID_FRAME_TYPE);
    if (h.opcode === Opcode.RESULT) {
      const info = readResult(input, h);
      if ('need' in info) {
        return input.length + info.need > this.limits.maxReplyPrefix ? error(OpError.INVALID_FRAME_LENGTH) : more(info.need);
      }
      if ('malformed' in info) return error(OpError.INVALID_FRAME_TYPE);
      if (info.kind === 'set-keyspace') this.session.keyspaceSet(h.stream, info.keyspace);
      else if (info.kind === 'prepared') this.session.preparedResult(h.stream, info.id);
    }
    this.session.replied(h.stream);
    return this.verdict(pass, h.frameLength, input, 1);
  }

  /** Answers the request with `reply` instead of forwarding it, and drops it. */
  private refuse(h: FrameHeader, input: SliceReader, reply: Uint8Array, why: string): Verdict {
    if (h.bodyLength > MAX_BODY) return this.fail(OpError.INVALID_FRAME_LENGTH);
    this.log('Denied', { error: why });
    this.errors.send(this.conn, reply);
    return this.verdict(drop, h.frameLength, input, 0);
  }

  private fail(code: OpError): Verdict {
    this.failed = true;
    return error(code);
  }

  /** PASS or DROP of `n` bytes, noting whether it runs past the input. */
  private verdict(op: typeof pass, n: number, input: SliceReader, dir: 0 | 1): Verdict {
    this.beyond[dir] = n > input.length;
    return op(n);
  }

  private logDecision(d: Decision): void {
    const type = d.allowed ? 'Request' : 'Denied';
    for (const fields of d.logFields) this.log(type, fields);
  }

  private log(type: 'Request' | 'Denied', fields: Record<string, string>): void {
    this.conn.log(type, { genericL7: { proto: 'cassandra', fields } });
  }
}
