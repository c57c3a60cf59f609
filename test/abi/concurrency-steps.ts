/**
 * Requests for the harness paired with the exact answer each must get, so a list of them can run on a
 * harness thread inside `parallel` and be checked afterwards, step by step.
 */
import assert from 'node:assert/strict';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { hex, type Harness, type HarnessRequest, type HarnessResponse } from '../harness/client.ts';

export interface Step {
  request: HarnessRequest;
  expect: HarnessResponse;
}

/** Opens `conn` in the calling thread's isolate. */
export function open(module: string, conn: string, proto: string): Step {
  return {
    request: {
      cmd: 'newConnection', module, proto, conn, ingress: true, srcId: 1, dstId: 2,
      srcAddr: '10.0.0.1:40000', dstAddr: '10.0.0.2:80', policyName: 'p', bufSize: 1024,
    },
    expect: { result: FilterResult.OK },
  };
}

/**
 * One OnData call (original direction unless `reply`). `ops` are [op, n] pairs; `injected` is what the
 * reply inject buffer holds afterwards (the harness never clears it between calls).
 */
export function data(conn: string, slices: string[], ops: Array<[Op, number]>, injected = '', reply = false): Step {
  return {
    request: { cmd: 'onData', conn, reply, end: false, slices: slices.map((s) => hex(s)), opsCap: 16 },
    expect: { result: FilterResult.OK, ops, orig: '', reply: hex(injected) },
  };
}

/** OnData that the library must refuse without calling a parser. */
export function unknown(conn: string): Step {
  return {
    request: { cmd: 'onData', conn, reply: false, end: false, slices: [hex('PASS x\n')], opsCap: 16 },
    expect: { result: FilterResult.UNKNOWN_CONNECTION, ops: [], orig: '', reply: '' },
  };
}

/** Close; `calls` is how often this id has been closed so far, this time included (harness count). */
export function close(conn: string, calls = 1): Step {
  return { request: { cmd: 'close', conn }, expect: { ok: true, closeCalls: calls } };
}

/** The calling thread's isolate reports `n` open connections (production control command). */
export function isolateCount(module: string, n: number): Step {
  return { request: { cmd: 'control', module, request: { cmd: 'connections' } }, expect: { answer: { n } } };
}

/** Runs list i on harness thread i + 1, all at once, and checks every answer. */
export async function runParallel(h: Harness, lists: Step[][]): Promise<void> {
  const r = await h.must({ cmd: 'parallel', threads: lists.map((l) => l.map((s) => s.request)) });
  assert.equal(r.results.length, lists.length);
  lists.forEach((list, t) => {
    const answers = r.results[t] as HarnessResponse[];
    assert.equal(answers.length, list.length, `thread ${t + 1} answered every request`);
    list.forEach((step, i) => {
      assert.deepEqual(answers[i], step.expect, `thread ${t + 1}, step ${i}: ${JSON.stringify(step.request)}`);
    });
  });
}

/** Runs one step on one harness thread and checks its answer. */
export async function runOn(h: Harness, thread: number, step: Step): Promise<void> {
  assert.deepEqual(await h.call({ ...step.request, thread }), step.expect, `thread ${thread}: ${JSON.stringify(step.request)}`);
}
