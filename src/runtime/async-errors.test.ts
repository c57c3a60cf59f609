import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { AsyncOwners } from './async-owners.ts';

describe('AsyncOwners', () => {
  it('charges timers, immediates and promises to the owner active when they were made, and their descendants too', async () => {
    const owners = new AsyncOwners<{ name: string }>();
    const a = { name: 'a' };
    const b = { name: 'b' };
    owners.enable();
    try {
      const seen: Array<string | undefined> = [];
      const done: Array<Promise<void>> = [];
      owners.enter(a);
      done.push(new Promise((resolve) => setTimeout(() => {
        seen.push(owners.ownerOfCurrentWork()?.name);
        setImmediate(() => {
          seen.push(owners.ownerOfCurrentWork()?.name);
          resolve();
        });
      })));
      const promiseOfA = Promise.resolve(1);
      assert.equal(owners.exit(), true);
      owners.enter(b);
      assert.equal(owners.exit(), false, 'b scheduled nothing');
      done.push(new Promise((resolve) => setImmediate(() => {
        seen.push(owners.ownerOfCurrentWork()?.name ?? 'nobody');
        resolve();
      })));
      await Promise.all(done);
      assert.deepEqual(seen.sort(), ['a', 'a', 'nobody']);
      assert.equal(owners.ownerOf(promiseOfA), a);
      assert.equal(owners.ownerOf({}), undefined);
    } finally {
      owners.disable();
    }
  });
});

describe('asynchronous errors (process-wide handlers, in a child process)', () => {
  it('are faults of the connection that scheduled the work; the call that scheduled it flags ASYNC_PENDING', () => {
    const fixture = fileURLToPath(new URL('./async-errors.fixture.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 30_000 });
    assert.deepEqual(JSON.parse(output), {
      calls: [['OK', true], ['OK', true], ['OK', false]],
      entries: ['Denied Panic: unhandled rejection: test.faulty: unhandled rejection', 'Denied Panic: uncaught exception: async boom'],
      later: ['PARSER_ERROR', 'PARSER_ERROR', 'OK'],
      open: 3,
    });
  });
});
