/**
 * Every fault class a parser can commit, in the embedded runtime of the real libcilium_testing.so:
 * the faulty connection is closed (PARSER_ERROR, or POLICY_DROP for a failing create), a Denied
 * access-log entry "Panic: …" names the reason, and other connections on the same isolate — one
 * opened before the fault and one after — keep being served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeLogEntry } from '../../src/accesslog/entry.ts';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { HarnessBackend } from '../abi/harness-backend.ts';

const line = (s: string) => new TextEncoder().encode(`${s}\n`);
let nextId = 100;

describe('faults stay with their connection (embedded runtime)', () => {
  let backend: HarnessBackend;
  let module = '';
  before(async () => {
    backend = await HarnessBackend.start();
    const log = await backend.startAccessLog();
    // heap-limit-mb is fixed when this harness thread's runtime starts, i.e. at the first connection.
    module = await backend.openModule([['access-log-path', log], ['call-budget-ms', '1000'], ['heap-limit-mb', '96']], false);
    assert.notEqual(module, '0');
    assert.equal((await backend.control(module, { cmd: 'registerParser', name: 'test.faulty' })).ok, true);
  });
  after(() => backend.shutdown());

  async function connect(policyName = 'p'): Promise<{ id: string; result: number }> {
    const id = String(nextId++);
    const result = await backend.newConnection({
      module, proto: 'test.faulty', conn: id, ingress: true, srcId: 1, dstId: 2,
      srcAddr: '10.0.0.1:40000', dstAddr: '10.0.0.2:80', policyName, bufSize: 1024,
    });
    return { id, result };
  }

  async function passes(conn: string, text: string): Promise<void> {
    const out = await backend.onData(conn, false, false, [line(text)], 16);
    assert.deepEqual(out, { result: FilterResult.OK, ops: [[Op.PASS, text.length + 1]] }, `${text} on ${conn} passes`);
  }

  async function panicEntry(conn: string, reason: RegExp): Promise<void> {
    const entries = (await backend.takeAccessLog(1)).map(decodeLogEntry);
    assert.equal(entries.length, 1, 'exactly one access-log entry for the fault');
    const [e] = entries;
    assert.equal(e!.entryType, 'Denied');
    assert.equal(e!.genericL7?.proto, 'test.faulty');
    assert.match(e!.genericL7?.fields.status ?? '', /^Panic: /);
    assert.match(e!.genericL7?.fields.status ?? '', reason, `the Panic entry of ${conn} names the fault`);
  }

  const inCall: Array<[string, RegExp]> = [
    ['THROW', /THROW/],
    ['STACK', /call stack/i],
    ['LOOP', /budget/],
    ['HEAP', /heap/i],
    ['EXIT', /process\.exit\(3\)/],
    ['ZERO', /PASS 0|length 0|zero/i],
    ['BIGINJECT', /INJECT/],
  ];
  for (const [command, reason] of inCall) {
    it(`${command} closes only its connection`, async () => {
      const bystander = await connect();
      const victim = await connect();
      await passes(bystander.id, 'before');
      const out = await backend.onData(victim.id, false, false, [line(command)], 16);
      assert.equal(out.result, FilterResult.PARSER_ERROR);
      await panicEntry(victim.id, reason);
      // The faulty connection stays closed; everything else on the isolate goes on.
      assert.equal((await backend.onData(victim.id, false, false, [line('again')], 16)).result, FilterResult.PARSER_ERROR);
      await passes(bystander.id, 'after');
      const newcomer = await connect();
      await passes(newcomer.id, 'newcomer');
      for (const c of [bystander, victim, newcomer]) await backend.close(c.id);
      assert.deepEqual(await backend.takeAccessLog(0), [], 'no further entries');
    });
  }

  for (const command of ['ASYNC', 'REJECT']) {
    it(`${command}: an asynchronous error closes the connection that scheduled it`, async () => {
      const bystander = await connect();
      const victim = await connect();
      await passes(victim.id, command); // the call itself passes the line; the error comes later
      // Envoy only calls on traffic: the isolate services its event loop after calls, so the timer
      // fires (and its error is charged to the victim) after some later call on this worker.
      await new Promise((r) => setTimeout(r, 20));
      await passes(bystander.id, 'traffic');
      await panicEntry(victim.id, command === 'ASYNC' ? /async boom/ : /unhandled rejection/);
      assert.equal((await backend.onData(victim.id, false, false, [line('next')], 16)).result, FilterResult.PARSER_ERROR);
      await passes(bystander.id, 'unaffected');
      for (const c of [bystander, victim]) await backend.close(c.id);
    });
  }

  it('an exception in create refuses only that connection', async () => {
    const before = await backend.numConnections();
    const refused = await connect('throw-in-create');
    assert.equal(refused.result, FilterResult.POLICY_DROP);
    await panicEntry(refused.id, /throw-in-create/);
    assert.equal(await backend.numConnections(), before);
    const fine = await connect();
    await passes(fine.id, 'fine');
    await backend.close(fine.id);
  });

  it('a factory returning null refuses the connection without a log entry', async () => {
    const refused = await connect('reject-in-create');
    assert.equal(refused.result, FilterResult.POLICY_DROP);
    assert.deepEqual(await backend.takeAccessLog(0), []);
  });

  it('repeated heap exhaustion does not ratchet the heap limit', async () => {
    const limit = async () => (await backend.control(module, { cmd: 'stats' })).heapSizeLimit as number;
    const before = await limit();
    for (let i = 0; i < 3; i++) {
      const victim = await connect();
      assert.equal((await backend.onData(victim.id, false, false, [line('HEAP')], 16)).result, FilterResult.PARSER_ERROR);
      await panicEntry(victim.id, /heap/i);
      await backend.close(victim.id);
    }
    // The near-heap-limit callback raised the limit to let the terminated call unwind; it is put back.
    assert.equal(await limit(), before);
    const fine = await connect();
    await passes(fine.id, 'alive');
    await backend.close(fine.id);
  });
});
