import type { Connection } from '../../framework/connection.ts';
import type { Parser } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { NOP, type Verdict } from '../../framework/types.ts';
import { BinaryParser } from './binary/parser.ts';
import type { MemcacheLimits } from './limits.ts';
import { TextParser } from './text/parser.ts';

/**
 * Picks the dialect once per connection from the first byte seen in either direction: binary packets
 * start with a magic byte of 0x80 or more, text never does. Until a byte arrives there is nothing to do.
 */
export class MemcacheParser implements Parser {
  private dialect: Parser | null = null;

  constructor(private readonly conn: Connection, private readonly limits: MemcacheLimits) {}

  onData(reply: boolean, endStream: boolean, input: SliceReader): Verdict {
    if (this.dialect === null) {
      if (input.length === 0) return NOP;
      this.dialect = input.u8(0) >= 0x80 ? new BinaryParser(this.conn, this.limits) : new TextParser(this.conn, this.limits);
    }
    return this.dialect.onData(reply, endStream, input);
  }
}
