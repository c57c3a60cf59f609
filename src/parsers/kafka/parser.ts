import type { Connection } from '../../framework/connection.ts';
import type { Parser } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, error, inject, more, NOP, OpError, pass, type Verdict } from '../../framework/types.ts';
import { InFlight } from './in-flight.ts';
import { denialOf } from './replies.ts';
import { MIN_REQUEST_SIZE, readRequest, type KafkaRequest } from './requests.ts';

const logged = (req: KafkaRequest) => ({ correlationId: req.correlationId, apiVersion: req.apiVersion, apiKey: req.apiKey });

/** Bounds for one connection; see index.ts for the defaults. */
export interface KafkaLimits {
  /** Largest request frame (size field included) buffered whole before its verdict; larger: ERROR. */
  maxRequestFrame: number;
  /** Requests awaiting an answer; more: ERROR. */
  maxInFlight: number;
}

/** size:i32 | correlation_id:i32 — what a frame boundary needs to be recognised (both directions). */
const PEEK = 8;

/**
 * One Kafka connection: requests are buffered whole, decoded, checked and passed, or answered with
 * an authorization error in the broker's place and in the broker's order; responses pass on their
 * header.
 */
export class KafkaParser implements Parser {
  private readonly inFlight: InFlight;
  /** Per direction (0 request, 1 reply): the last PASS/DROP covered bytes not received yet. */
  private readonly beyond = [false, false];
  /** The request direction returned ERROR: the frame is neither retried nor logged again. */
  private failed = false;

  constructor(private readonly conn: Connection, private readonly limits: KafkaLimits) {
    this.inFlight = new InFlight(limits.maxInFlight);
  }

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const dir = reply ? 1 : 0;
    if (this.beyond[dir]) {
      // Envoy takes a verdict that ran past the input as the call's last op: nothing may follow it.
      this.beyond[dir] = false;
      return NOP;
    }
    if (reply && this.inFlight.denialsFirst) {
      const n = this.inFlight.flush(this.conn);
      return n > 0 ? inject(n) : NOP;
    }
    if (input.length === 0) return NOP;
    if (input.length < PEEK) return more(PEEK - input.length);
    return reply ? this.onResponse(input) : this.onRequest(input);
  }

  private onResponse(input: SliceReader): Verdict {
    const size = input.i32(0);
    const correlationId = input.i32(4);
    if (size < 4) return error(OpError.INVALID_FRAME_LENGTH);
    // An answer out of line means we lost track of the conversation; denials could land on the wrong request.
    if (!this.inFlight.answer(correlationId)) return error(OpError.INVALID_FRAME_TYPE);
    this.log('Response', { correlationId, errorCode: 0, apiVersion: 0, apiKey: 0, topics: [] });
    return this.verdict(pass, 4 + size, input, 1);
  }

  private onRequest(input: SliceReader): Verdict {
    if (this.failed) return error(OpError.INVALID_FRAME_TYPE);
    const frameLength = 4 + input.i32(0);
    if (frameLength < 4 + MIN_REQUEST_SIZE || frameLength > this.limits.maxRequestFrame) {
      return this.fail(OpError.INVALID_FRAME_LENGTH);
    }
    if (input.length < frameLength) return more(frameLength - input.length);
    const req = readRequest(input, frameLength);
    if ('malformed' in req) {
      this.log('Denied', { correlationId: req.correlationId, errorCode: 2, apiVersion: req.apiVersion, apiKey: req.apiKey, topics: [] });
      return this.fail(OpError.INVALID_FRAME_TYPE);
    }
    const allowed = this.conn.matches({ ...req, uncovered: new Set(req.topics) });
    if (allowed) {
      this.log('Request', { ...logged(req), errorCode: 0, topics: req.topics });
      if (!req.noResponse && !this.inFlight.expect(req.correlationId)) return this.fail(OpError.INVALID_FRAME_TYPE);
      return this.verdict(pass, frameLength, input, 0);
    }
    const denial = denialOf(req, input, frameLength);
    this.log('Denied', { ...logged(req), errorCode: denial.errorCode, topics: denial.topics });
    if (req.noResponse) return this.verdict(drop, frameLength, input, 0);
    // A request we cannot answer closes the connection rather than leave the client waiting.
    if (denial.response === null || !this.inFlight.deny(this.conn, denial.response)) return this.fail(OpError.INVALID_FRAME_TYPE);
    return this.verdict(drop, frameLength, input, 0);
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

  private log(type: 'Request' | 'Response' | 'Denied', kafka: {
    correlationId: number; errorCode: number; apiVersion: number; apiKey: number; topics: string[];
  }): void {
    this.conn.log(type, { kafka });
  }
}
