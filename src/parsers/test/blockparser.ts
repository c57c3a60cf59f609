import type { Connection } from '../../framework/connection.ts';
import type { Parser, ParserModule } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { drop, error, inject, more, NOP, OpError, pass, type Verdict } from '../../framework/types.ts';
import { readBlockHead } from './block.ts';

/**
 * test.blockparser: length-prefixed blocks ("<N>:<payload>", N counting the whole block). A block whose
 * bytes so far contain "PASS" passes (log Request, status 200) and one containing "DROP" drops (log
 * Denied, status 503), both decided before the block is complete; a complete block containing "INJECT"
 * is sent back the way it came and dropped; one containing "INSERT" is injected in its own direction,
 * in as many INJECT ops as the inject buffer needs, then dropped. Anything else is
 * ERROR INVALID_FRAME_TYPE; a bad length is ERROR INVALID_FRAME_LENGTH.
 */
export const blockparser: ParserModule = {
  name: 'test.blockparser',
  create: (conn) => new BlockParser(conn),
};

const PASS = bytes('PASS');
const DROP = bytes('DROP');
const INJECT = bytes('INJECT');
const INSERT = bytes('INSERT');

class BlockParser implements Parser {
  /** Bytes of the current block injected so far by an INSERT in progress (0: none in progress). */
  private inserted = 0;

  constructor(private readonly conn: Connection) {}

  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const head = readBlockHead(input);
    if ('error' in head) return error(OpError.INVALID_FRAME_LENGTH);
    const { length, present, missing } = head;
    if (this.inserted > 0) {
      if (this.inserted === length) {
        this.inserted = 0;
        return drop(length);
      }
      const n = this.conn.inject(reply, input.view(this.inserted, present));
      this.inserted += n;
      return inject(n);
    }
    if (missing === 0 && length === 0) return NOP;
    if (contains(input, PASS, present)) {
      this.log('Request', '200');
      return pass(length);
    }
    if (contains(input, DROP, present)) {
      this.log('Denied', '503');
      return drop(length);
    }
    if (missing > 0) return more(missing);
    if (contains(input, INJECT, present)) {
      this.conn.inject(!reply, input.view(0, length));
      return drop(length);
    }
    if (contains(input, INSERT, present)) {
      const n = this.conn.inject(reply, input.view(0, length));
      this.inserted = n;
      return inject(n);
    }
    return error(OpError.INVALID_FRAME_TYPE);
  }

  private log(entryType: 'Request' | 'Denied', status: string): void {
    this.conn.log(entryType, { genericL7: { proto: 'test.blockparser', fields: { status } } });
  }
}

/** Whether `needle` occurs within the first `end` bytes of the input. */
function contains(input: SliceReader, needle: Uint8Array, end: number): boolean {
  const at = input.indexOf(needle);
  return at >= 0 && at + needle.length <= end;
}

function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
