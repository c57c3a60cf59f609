import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from './connection.ts';
import type { ParserModule } from './parser.ts';
import type { SliceReader } from './slice-reader.ts';
import { drop, error, inject, more, NOP, Op, OpError, pass, type Verdict } from './types.ts';
import { checkOnData, createHarness, toBytes, type Harness, type TestConnection } from '../testing/harness.ts';

/** What a scripted parser sees on each call. */
interface Turn {
  /** 0 for the first parser call of the connection, then 1, 2, … */
  index: number;
  reply: boolean;
  endStream: boolean;
  input: SliceReader;
  conn: Connection;
}

/** A harness whose only parser, "script", answers each call with `script(turn)`; records every turn. */
function scripted(script: (turn: Turn) => Verdict): { harness: Harness; conn: TestConnection; seen: Array<Omit<Turn, 'input' | 'conn'> & { input: string }> } {
  const seen: Array<Omit<Turn, 'input' | 'conn'> & { input: string }> = [];
  const module: ParserModule = {
    name: 'script',
    create: (conn) => {
      let index = 0;
      return {
        onData(reply, endStream, input) {
          seen.push({ index, reply, endStream, input: input.string() });
          return script({ index: index++, reply, endStream, input, conn });
        },
      };
    },
  };
  const harness = createHarness({ modules: [module] });
  return { harness, conn: harness.connect('script'), seen };
}

/**
 * The verdict helpers share one object, so a script must build its verdict when it returns it:
 * `inOrder(() => pass(2), () => drop(3))` answers call i with the i-th thunk, then NOP.
 */
function inOrder(...verdicts: Array<() => Verdict>): (turn: Turn) => Verdict {
  return ({ index }) => verdicts[index]?.() ?? NOP;
}

function panicStatuses(harness: Harness): string[] {
  return harness.accessLog.map((e) => `${e.entryType} ${e.genericL7?.proto} ${e.genericL7?.fields.status}`);
}

describe('OnData loop', () => {
  it('does not call the parser when the ops array has no room', () => {
    const { conn, seen } = scripted(() => pass(1));
    checkOnData(conn, { data: ['abc'], ops: [], opsCapacity: 0 });
    assert.equal(seen.length, 0);
  });

  it('ends on NOP without an op', () => {
    const { conn, seen } = scripted(() => NOP);
    checkOnData(conn, { data: ['abc'], ops: [] });
    assert.equal(seen.length, 1);
  });

  it('records MORE and stops', () => {
    const { conn, seen } = scripted(() => more(7));
    checkOnData(conn, { data: ['abc'], ops: [['MORE', 7]] });
    assert.equal(seen.length, 1);
  });

  it('advances past PASS and DROP and calls again, with empty input too', () => {
    const { conn, seen } = scripted(inOrder(() => pass(2), () => drop(3), () => pass(1)));
    checkOnData(conn, { data: ['ab', 'cde', 'f'], ops: [['PASS', 2], ['DROP', 3], ['PASS', 1]] });
    assert.deepEqual(seen.map((t) => t.input), ['abcdef', 'cdef', 'f', '']);
  });

  it('empties the input when PASS covers more than it holds, and still calls again', () => {
    const { conn, seen } = scripted(({ index }) => (index === 0 ? pass(100) : more(1)));
    checkOnData(conn, { data: ['abc'], ops: [['PASS', 100], ['MORE', 1]] });
    assert.deepEqual(seen.map((t) => t.input), ['abc', '']);
  });

  it('stops when the ops array is full', () => {
    const { conn, seen } = scripted(() => pass(1));
    checkOnData(conn, { data: ['abcdef'], ops: [['PASS', 1], ['PASS', 1], ['PASS', 1]], opsCapacity: 3 });
    assert.equal(seen.length, 3);
  });

  it('keeps calling after ERROR, on the same input, until the ops array is full', () => {
    const { conn, seen } = scripted(() => error(OpError.INVALID_FRAME_TYPE));
    checkOnData(conn, { data: ['abc'], ops: [['ERROR', 2], ['ERROR', 2], ['ERROR', 2]], opsCapacity: 3 });
    assert.deepEqual(seen.map((t) => t.input), ['abc', 'abc', 'abc']);
  });

  it('passes the direction and end of stream to the parser', () => {
    const { conn, seen } = scripted(() => NOP);
    checkOnData(conn, { reply: true, endStream: true, data: ['x'], ops: [] });
    checkOnData(conn, { data: [], ops: [] });
    assert.deepEqual(seen.map((t) => [t.reply, t.endStream]), [[true, true], [false, false]]);
  });

  it('positions the input from the verdicts, whatever the parser advanced', () => {
    const { conn, seen } = scripted(({ index, input }) => {
      input.advance(2);
      return index === 0 ? pass(1) : index === 1 ? error(OpError.INVALID_FRAME_TYPE) : NOP;
    });
    checkOnData(conn, { data: ['abcd'], ops: [['PASS', 1], ['ERROR', 2]] });
    assert.deepEqual(seen.map((t) => t.input), ['abcd', 'bcd', 'bcd']);
  });

  describe('INJECT', () => {
    it('does not advance and continues while the buffer has room', () => {
      const { conn, seen } = scripted(({ index, conn, reply }) => {
        if (index === 0) {
          conn.inject(reply, toBytes('hello'));
          return inject(5);
        }
        return index === 1 ? pass(3) : NOP;
      });
      checkOnData(conn, { data: ['abc'], ops: [['INJECT', 5], ['PASS', 3]], origInject: 'hello' });
      assert.deepEqual(seen.map((t) => t.input), ['abc', 'abc', '']);
    });

    it('stops once this direction\'s inject buffer is full', () => {
      const { harness, seen } = scripted(({ conn, reply }) => {
        const n = conn.inject(reply, toBytes('0123456789'));
        return inject(n);
      });
      const small = harness.connect('script', { injectBufSize: 4 });
      checkOnData(small, { reply: true, data: ['abc'], ops: [['INJECT', 4]], replyInject: '0123' });
      assert.equal(seen.length, 1);
    });

    it('does not stop on a full buffer of the other direction (the excess is dropped)', () => {
      const { harness } = scripted(({ index, conn, reply }) => {
        conn.inject(!reply, toBytes('0123456789'));
        return index < 2 ? drop(1) : NOP;
      });
      const small = harness.connect('script', { injectBufSize: 4 });
      checkOnData(small, { data: ['abc'], ops: [['DROP', 1], ['DROP', 1]], replyInject: '0123' });
    });

    it('may cover what the parser injected in several ops, but not more', () => {
      const { harness, conn } = scripted(({ index, conn, reply }) => {
        if (index === 0) conn.inject(reply, toBytes('0123456789'));
        return index === 0 ? inject(4) : index === 1 ? inject(6) : inject(1);
      });
      checkOnData(conn, { data: ['abc'], ops: [['INJECT', 4], ['INJECT', 6]], origInject: '0123456789', result: 'PARSER_ERROR' });
      assert.deepEqual(panicStatuses(harness), [
        'Denied script Panic: invalid verdict: INJECT 1 but the parser injected only 0 byte(s) into this direction',
      ]);
    });

    it('counts what the parser asked to inject, even beyond what fit (Cilium\'s test parsers rely on it)', () => {
      const { harness } = scripted(({ index, conn, reply }) => {
        if (index === 0) conn.inject(reply, toBytes('0123456789'));
        return index === 0 ? inject(10) : NOP;
      });
      const small = harness.connect('script', { injectBufSize: 4 });
      checkOnData(small, { data: ['abc'], ops: [['INJECT', 10]], origInject: '0123' });
    });

    it('does not count bytes injected into the other direction', () => {
      const { harness, conn } = scripted(({ conn, reply }) => {
        conn.inject(!reply, toBytes('xy'));
        return inject(2);
      });
      checkOnData(conn, { data: ['abc'], ops: [], replyInject: 'xy', result: 'PARSER_ERROR' });
      assert.equal(harness.accessLog.length, 1);
    });
  });

  describe('failures', () => {
    it('n == 0 is PARSER_ERROR with a Panic entry; earlier ops stay', () => {
      const { harness, conn } = scripted(({ index }) => (index === 0 ? pass(1) : drop(0)));
      checkOnData(conn, { data: ['abc'], ops: [['PASS', 1]], result: 'PARSER_ERROR' });
      assert.deepEqual(panicStatuses(harness), ['Denied script Panic: invalid verdict: DROP 0']);
    });

    for (const [what, verdict, reason] of [
      ['a negative n', { op: Op.PASS, n: -1 }, 'invalid verdict: PASS -1'],
      ['a fractional n', { op: Op.DROP, n: 1.5 }, 'invalid verdict: DROP 1.5'],
      ['NaN', { op: Op.MORE, n: Number.NaN }, 'invalid verdict: MORE NaN'],
      ['a missing n', { op: Op.PASS } as unknown as Verdict, 'invalid verdict: PASS undefined'],
      ['an unknown op', { op: 7 as Op, n: 1 }, 'invalid verdict: unknown op 7'],
      ['ERROR 0', { op: Op.ERROR, n: 0 }, 'invalid verdict: ERROR 0'],
      ['INJECT with nothing injected', { op: Op.INJECT, n: 5000 }, 'invalid verdict: INJECT 5000 but the parser injected only 0 byte(s) into this direction'],
    ] as Array<[string, Verdict, string]>) {
      it(`${what} is PARSER_ERROR with a Panic entry`, () => {
        const { harness, conn } = scripted(() => verdict);
        checkOnData(conn, { data: ['abc'], ops: [], result: 'PARSER_ERROR' });
        assert.deepEqual(panicStatuses(harness), [`Denied script Panic: ${reason}`]);
      });
    }

    it('an exception is caught: Panic entry with its message, PARSER_ERROR, ops so far kept', () => {
      const { harness, conn } = scripted(({ index }) => {
        if (index < 2) return drop(1);
        throw new TypeError('parser bug');
      });
      checkOnData(conn, { data: ['abc'], ops: [['DROP', 1], ['DROP', 1]], result: 'PARSER_ERROR' });
      const [entry] = harness.accessLog;
      assert.equal(entry.entryType, 'Denied');
      assert.deepEqual(entry.genericL7, { proto: 'script', fields: { status: 'Panic: parser bug' } });
    });

    it('a thrown non-Error is described too', () => {
      const { harness, conn } = scripted(() => {
        throw 'plain string';
      });
      checkOnData(conn, { data: ['abc'], ops: [], result: 'PARSER_ERROR' });
      assert.deepEqual(panicStatuses(harness), ['Denied script Panic: plain string']);
    });

    it('a failed call is the end of the connection: later calls fail without reaching the parser', () => {
      const { harness, conn, seen } = scripted(({ input }) => (input.startsWith('bad') ? pass(0) : input.length > 0 ? pass(input.length) : NOP));
      checkOnData(conn, { data: ['bad'], ops: [], result: 'PARSER_ERROR' });
      checkOnData(conn, { data: ['good'], ops: [], result: 'PARSER_ERROR' });
      assert.equal(seen.length, 1);
      assert.equal(harness.openConnections(), 1, 'it counts as open until Close');
      checkOnData(harness.connect('script'), { data: ['good'], ops: [['PASS', 4]] });
    });
  });
});
