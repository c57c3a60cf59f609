import type { Connection } from '../../framework/connection.ts';
import type { Parser, ParserModule } from '../../framework/parser.ts';
import type { SliceReader } from '../../framework/slice-reader.ts';
import { inject, more, NOP, pass, type Verdict } from '../../framework/types.ts';
import { lineLength } from '../../parsers/test/line.ts';

/**
 * test.faulty: a line parser that misbehaves on command, for the fault-containment tests. Each request
 * line's text (whitespace trimmed) picks the fault; reply lines and any other text pass.
 *
 *   THROW      throws an Error                       STACK      recurses without bound
 *   LOOP       never returns                         HEAP       allocates until the heap is exhausted
 *   EXIT       process.exit(3)                       ASYNC      a timer that throws later; passes the line
 *   REJECT     an unhandled rejected promise; passes ZERO       PASS 0
 *   BIGINJECT  INJECT 5000 without injecting anything
 *
 * `create` throws for policy name "throw-in-create" and rejects the connection for "reject-in-create".
 */
export const faulty: ParserModule = {
  name: 'test.faulty',
  create(conn: Connection): Parser | null {
    if (conn.policyName === 'throw-in-create') throw new Error('test.faulty: throw-in-create');
    if (conn.policyName === 'reject-in-create') return null;
    return misbehaveOnCommand;
  },
};

const misbehaveOnCommand: Parser = {
  onData(reply: boolean, _endStream: boolean, input: SliceReader): Verdict {
    const length = lineLength(input);
    if (length < 0) return input.length > 0 ? more(1) : NOP;
    if (reply) return pass(length);
    switch (input.string(0, length).trim()) {
      case 'THROW':
        throw new Error('test.faulty: THROW');
      case 'STACK':
        return pass(recurse(1));
      case 'LOOP':
        return spin();
      case 'HEAP':
        return exhaustHeap();
      case 'EXIT':
        return process.exit(3);
      case 'ASYNC':
        setTimeout(() => {
          throw new Error('async boom');
        });
        return pass(length);
      case 'REJECT':
        void Promise.reject(new Error('test.faulty: unhandled rejection'));
        return pass(length);
      case 'ZERO':
        return pass(0);
      case 'BIGINJECT':
        return inject(5000);
      default:
        return pass(length);
    }
  },
};

function recurse(depth: number): number {
  return recurse(depth + 1) + 1;
}

function spin(): never {
  for (;;) {
    // Only the runtime's watchdog ends this.
  }
}

function exhaustHeap(): never {
  // Every block stays reachable, so the collector cannot help. Big blocks (16–32 MiB each) reach the
  // heap limit after a few collections, well before any call budget runs out.
  const hoard: unknown[][] = [];
  for (;;) hoard.push(new Array<unknown>(1 << 22));
}
