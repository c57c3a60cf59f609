/**
 * libcilium_testing.so called from two harness threads at once, as two Envoy workers call it: each
 * thread runs its own isolate, connections open, carry data and close concurrently on both, and a
 * Close from the wrong thread is queued to the owning isolate without disturbing either. Under the
 * sanitizer build (scripts/sanitize.sh) this is also the test most likely to expose a race that
 * corrupts memory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Op } from '../../src/framework/types.ts';
import { Harness } from '../harness/client.ts';
import { close, data, isolateCount, open, runOn, runParallel, unknown, type Step } from './concurrency-steps.ts';
import { TESTING_LIB } from './harness-backend.ts';

const T1 = 1;
const T2 = 2;
const ROUNDS = 150;

describe('two threads, two isolates (libcilium_testing.so in the harness)', () => {
  let h: Harness;
  let module = '';
  let nextBase = 0;
  /** Connection ids unique per thread and per test, so no two lists ever touch the same id by accident. */
  const ids = (thread: number, count: number): string[] => {
    const base = thread * 1_000_000 + nextBase;
    nextBase += 1000;
    return Array.from({ length: count }, (_, i) => String(base + i));
  };

  before(async () => {
    h = Harness.start();
    await h.must({ cmd: 'load', lib: TESTING_LIB });
    module = String((await h.must({ cmd: 'openModule', params: [] })).id);
    assert.notEqual(module, '0');
  });
  after(async () => {
    await h.must({ cmd: 'closeModule', id: module });
    assert.equal(await h.close(), 0, 'the harness exits cleanly');
  });

  /** The connection count of the whole library (native table, all isolates). */
  async function libraryCount(): Promise<number> {
    return (await h.must({ cmd: 'control', module: '0', request: { cmd: 'numConnections' } })).answer.n as number;
  }

  it('each thread has its own isolate: each counts only its own connections', async () => {
    const a = ids(T1, 3);
    const b = ids(T2, 5);
    // Both runtimes start here, concurrently, on their threads' first connection.
    await runParallel(h, [
      [...a.map((c) => open(module, c, 'test.passer')), isolateCount(module, a.length)],
      [...b.map((c) => open(module, c, 'test.lineparser')), isolateCount(module, b.length)],
    ]);
    assert.equal(await libraryCount(), a.length + b.length);
    await runParallel(h, [
      [...a.map((c) => close(c)), isolateCount(module, 0)],
      [...b.map((c) => close(c)), isolateCount(module, 0)],
    ]);
    assert.equal(await libraryCount(), 0);
  });

  it('connections churn on both threads at once and every answer is exact', async () => {
    const churn = (thread: number): Step[] => {
      const all = ids(thread, ROUNDS * 3);
      const steps: Step[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const [p, l, m] = all.slice(3 * r, 3 * r + 3) as [string, string, string];
        // Differs per thread and round, so state crossing connections or isolates shows as wrong lengths.
        const tag = `t${thread}r${r}${'x'.repeat(thread)}`;
        const kept = `PASS ${tag}\n`;
        const dropped = `DROP ${tag}\n`;
        const injected = `INJECT ${tag}\n`;
        steps.push(open(module, p, 'test.passer'), open(module, l, 'test.lineparser'), open(module, m, 'test.lineparser'));
        steps.push(isolateCount(module, 3));
        steps.push(data(p, ['hello ', tag], [[Op.PASS, 6 + tag.length]]));
        steps.push(data(p, [tag], [[Op.PASS, tag.length]], '', true));
        // Two whole lines and the start of a third, which needs one more byte.
        steps.push(data(l, [kept + dropped + 'PA'], [[Op.PASS, kept.length], [Op.DROP, dropped.length], [Op.MORE, 1]]));
        // Envoy offers the unconsumed "PA" again with what followed: one line over three slices.
        steps.push(data(l, ['PA', 'SS ', `${tag}\n`], [[Op.PASS, kept.length]]));
        steps.push(close(l));
        steps.push(data(m, ['PASS', ' partial'], [[Op.MORE, 1]]));
        steps.push(data(m, ['PASS partial', ` ${tag}\n${injected}`], [[Op.PASS, 14 + tag.length], [Op.DROP, injected.length]], injected));
        steps.push(close(p), close(m), isolateCount(module, 0));
      }
      return steps;
    };
    await runParallel(h, [churn(T1), churn(T2)]);
    assert.equal(await libraryCount(), 0);
  });

  it('Close from the other thread is queued to the owning isolate; the owner then answers UNKNOWN_CONNECTION', async () => {
    const [live1, ...victims1] = ids(T1, 4) as [string, ...string[]];
    const [live2, ...victims2] = ids(T2, 4) as [string, ...string[]];
    // Each victim is left waiting for the rest of a line, so its parser holds state when it is closed.
    const setUp = (live: string, victims: string[]): Step[] => [
      open(module, live, 'test.lineparser'),
      ...victims.flatMap((c) => [open(module, c, 'test.lineparser'), data(c, ['PASS half'], [[Op.MORE, 1]])]),
      isolateCount(module, 1 + victims.length),
    ];
    await runParallel(h, [setUp(live1, victims1), setUp(live2, victims2)]);

    // Each thread closes the other's victims while serving its own live connection.
    const crossClose = (live: string, foreign: string[]): Step[] =>
      foreign.flatMap((c) => [close(c), data(live, ['PASS ok\n'], [[Op.PASS, 8]])]);
    await runParallel(h, [crossClose(live1, victims2), crossClose(live2, victims1)]);
    assert.equal(await libraryCount(), 2, 'the victims left the library table at once');

    // The owners: every victim is unknown now, the live connection still works, and the queued
    // closes have reached the owning isolate (one connection left in each).
    const owner = (live: string, victims: string[]): Step[] => [
      ...victims.map(unknown),
      data(live, ['PASS still\n'], [[Op.PASS, 11]]),
      isolateCount(module, 1),
    ];
    await runParallel(h, [owner(live1, victims1), owner(live2, victims2)]);

    // OnData for a live connection from the wrong thread is refused and leaves the connection alone.
    await runOn(h, T2, unknown(live1));
    await runOn(h, T1, data(live1, ['PASS mine\n'], [[Op.PASS, 10]]));

    // A closed id opened again on the thread that closed it lives there; its old owner cannot reach it.
    const reused = victims1[0]!;
    await runOn(h, T2, open(module, reused, 'test.passer'));
    await runOn(h, T2, data(reused, ['again'], [[Op.PASS, 5]]));
    await runOn(h, T1, unknown(reused));
    await runParallel(h, [
      [isolateCount(module, 1), close(live1), isolateCount(module, 0)],
      [isolateCount(module, 2), close(live2), close(reused, 2), isolateCount(module, 0)],
    ]);
    assert.equal(await libraryCount(), 0);
  });
});
