import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpError } from '../../../framework/types.ts';
import { parseRequestLine, type TextRequest } from './request.ts';

const MAX = 1024 * 1024;

function parse(line: string): TextRequest {
  const r = parseRequestLine(line, MAX);
  if ('error' in r) assert.fail(`${JSON.stringify(line)}: ${r.reason}`);
  return r;
}

function rejects(line: string, code = OpError.INVALID_FRAME_TYPE): void {
  const r = parseRequestLine(line, MAX);
  assert.ok('error' in r, `${JSON.stringify(line)} should be refused`);
  assert.equal(r.error, code, JSON.stringify(line));
}

const summary = (r: TextRequest) => ({ command: r.command, keys: r.keys, data: r.dataLength, reply: r.reply });

describe('text request lines', () => {
  it('retrieval: get and gets take every token as a key, gat and gats skip the exptime', () => {
    assert.deepEqual(summary(parse('get a b c')), { command: 'get', keys: ['a', 'b', 'c'], data: -1, reply: 'one' });
    assert.deepEqual(summary(parse('gets a')), { command: 'gets', keys: ['a'], data: -1, reply: 'one' });
    assert.deepEqual(summary(parse('gat 10 a b')), { command: 'gat', keys: ['a', 'b'], data: -1, reply: 'one' });
    assert.deepEqual(summary(parse('gats 10 a')), { command: 'gats', keys: ['a'], data: -1, reply: 'one' });
    rejects('get');
    rejects('gat 10');
  });

  it('storage: the data block length comes from the line; noreply is the word itself', () => {
    for (const cmd of ['set', 'add', 'replace', 'append', 'prepend']) {
      assert.deepEqual(summary(parse(`${cmd} k 0 0 5`)), { command: cmd, keys: ['k'], data: 5, reply: 'one' });
      assert.equal(parse(`${cmd} k 0 0 5 noreply`).reply, 'maybe');
    }
    assert.equal(parse('set k 0 0 5 x').reply, 'one', 'a sixth token that is not "noreply" keeps the reply');
    assert.deepEqual(summary(parse('cas k 1 -1 3 42')), { command: 'cas', keys: ['k'], data: 3, reply: 'one' });
    assert.equal(parse('cas k 1 0 3 42 noreply').reply, 'maybe');
    assert.equal(parse('set k 4294967295 -2147483648 0').dataLength, 0);
  });

  it('storage: refuses every line memcached rejects without reading its data block', () => {
    rejects('set k 0 0 -1', OpError.INVALID_FRAME_LENGTH);
    rejects('set k x 0 10', OpError.INVALID_FRAME_LENGTH);
    rejects('set k 0 x 10', OpError.INVALID_FRAME_LENGTH);
    rejects('set k 0 0 +2', OpError.INVALID_FRAME_LENGTH);
    rejects('set k 4294967296 0 2', OpError.INVALID_FRAME_LENGTH);
    rejects(`set ${'a'.repeat(251)} 0 0 2`, OpError.INVALID_FRAME_LENGTH);
    rejects('cas k 0 0 2 x', OpError.INVALID_FRAME_LENGTH);
    rejects(`set k 0 0 ${MAX + 1}`, OpError.INVALID_FRAME_LENGTH);
    rejects('set k 0 0');
    rejects('set k 0 0 5 noreply extra');
    rejects('cas k 0 0 5');
    assert.equal(parse(`set ${'a'.repeat(250)} 0 0 2`).dataLength, 2);
  });

  it('incr, decr, touch and delete carry one key; noreply as memcached reads it', () => {
    assert.deepEqual(summary(parse('incr k 5')), { command: 'incr', keys: ['k'], data: -1, reply: 'one' });
    assert.equal(parse('decr k 5 noreply').reply, 'maybe');
    assert.equal(parse('incr k 5 x').reply, 'one');
    assert.deepEqual(summary(parse('touch k 55')), { command: 'touch', keys: ['k'], data: -1, reply: 'one' });
    assert.equal(parse('touch k 55 noreply').reply, 'maybe');
    assert.deepEqual(summary(parse('delete k')), { command: 'delete', keys: ['k'], data: -1, reply: 'one' });
    assert.equal(parse('delete k 0').reply, 'one', 'Cilium counted three tokens as noreply');
    assert.equal(parse('delete k noreply').reply, 'maybe');
    assert.equal(parse('delete noreply').reply, 'one', 'deletes the key "noreply", answered');
    rejects('incr k');
    rejects('touch k');
    rejects('delete');
  });

  it('keyless administration commands', () => {
    for (const line of ['stats', 'stats slabs', 'version', 'slabs automove 1', 'lru mode flat', 'lru_crawler metadump all',
      'misbehave', 'flush_all', 'flush_all 15', 'cache_memlimit 64', 'verbosity 1']) {
      const r = parse(line);
      assert.deepEqual([r.keys, r.dataLength, r.reply], [[], -1, 'one'], line);
    }
    assert.equal(parse('flush_all noreply').reply, 'maybe');
    assert.equal(parse('flush_all 0 noreply').reply, 'maybe');
    assert.equal(parse('verbosity 1 noreply').reply, 'maybe');
    assert.equal(parse('cache_memlimit 64 noreply').reply, 'maybe');
    assert.equal(parse('quit').reply, 'none');
    assert.equal(parse('watch mutations').reply, 'watch');
  });

  it('splits on spaces only, as memcached does: runs collapse, a tab belongs to its token', () => {
    assert.deepEqual(parse('get  a   b ').keys, ['a', 'b']);
    assert.deepEqual(parse('get a\tb').keys, ['a\tb']);
    rejects('set k\t0 0 1');
  });

  it('closes on anything else: unknown, upper-case or prefixed commands, an empty line', () => {
    for (const line of ['', '   ', 'GET k', 'getx k', 'shutdown', 'bogus', 'constructor', '__proto__']) rejects(line);
  });

  describe('meta commands', () => {
    it('are checked as the classic command they perform', () => {
      assert.deepEqual(summary(parse('mg k v')), { command: 'get', keys: ['k'], data: -1, reply: 'one' });
      assert.equal(parse('mg k v T30').command, 'gat');
      assert.equal(parse('me k').command, 'get');
      assert.deepEqual(summary(parse('md k')), { command: 'delete', keys: ['k'], data: -1, reply: 'one' });
      assert.deepEqual(summary(parse('mn')), { command: 'mn', keys: [], data: -1, reply: 'one' });
      assert.deepEqual(summary(parse('ms k 5 T0')), { command: 'set', keys: ['k'], data: 5, reply: 'one' });
      const ms = (flags: string) => parse(`ms k 1 ${flags}`).command;
      assert.deepEqual(['MS', 'Ms', 'ME', 'MP', 'MA', 'MR', 'C5', 'MS C5', 'ME C5'].map(ms),
        ['set', 'set', 'append', 'prepend', 'add', 'replace', 'cas', 'cas', 'append']);
      const ma = (flags: string) => parse(`ma k ${flags}`.trim()).command;
      assert.deepEqual(['', 'MI', 'M+', 'MD', 'Md', 'M-', 'N0 J5'].map(ma), ['incr', 'incr', 'incr', 'decr', 'decr', 'decr', 'incr']);
      rejects('ms k 1 MX');
      rejects('ma k MX');
    });

    it('q makes the reply optional; O is remembered to match the reply', () => {
      assert.equal(parse('mg k v q').reply, 'maybe');
      assert.equal(parse('md k q').reply, 'maybe');
      const r = parse('mg k v O123 q');
      assert.equal(r.opaque, '123');
      assert.equal(r.meta, true);
    });

    it('b: rules see the decoded key', () => {
      assert.deepEqual(parse('mg c2VjcmV0 b v').keys, ['secret']);
      assert.deepEqual(parse('ms YjY0 1 b').keys, ['b64']);
      rejects('mg YjY0= b v');
      rejects('mg !!! b');
    });

    it('ms: refuses what memcached rejects without reading the data block', () => {
      rejects('ms k x', OpError.INVALID_FRAME_LENGTH);
      rejects('ms k -1', OpError.INVALID_FRAME_LENGTH);
      rejects(`ms ${'a'.repeat(251)} 2`, OpError.INVALID_FRAME_LENGTH);
      rejects(`ms k 2 ${Array.from({ length: 17 }, (_, i) => `T${i}`).join(' ')}`, OpError.INVALID_FRAME_LENGTH);
      assert.equal(parse(`ms k 2 ${Array.from({ length: 16 }, (_, i) => `T${i}`).join(' ')}`).dataLength, 2);
      rejects('ms k');
      rejects('mg');
      rejects('md');
    });
  });
});
