import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../../testing/harness.ts';
import { createMemcacheModule } from '../index.ts';
import { ALLOW_ALL, memcachePolicy, type RuleMap } from '../test-policies.ts';

const DENIED = 'CLIENT_ERROR access denied\r\n';

function connect(policy: unknown[], options: { injectBufSize?: number; harness?: Harness } = {}): TestConnection {
  const harness = options.harness ?? createHarness();
  return harness.connect('memcache', { policy, injectBufSize: options.injectBufSize });
}

const only = (...rules: RuleMap[]) => memcachePolicy(rules);

/** The access log as "<type> <command> <keys>" lines. */
function log(conn: TestConnection): string[] {
  return conn.harness.accessLog.map((e) => {
    const f = e.genericL7?.fields ?? {};
    assert.equal(e.genericL7?.proto, 'textmemcached');
    return [e.entryType, f.command, ...(f.keys === undefined ? [] : [f.keys])].join(' ').trim();
  });
}

function done(conn: TestConnection): void {
  conn.harness.close(conn);
  conn.harness.assertNoOpenConnections();
}

describe('memcache text', () => {
  it('frames a get miss, END alone, as a complete reply', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['get k\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['END\r\n'], ops: [['PASS', 5]] });
    checkOnData(conn, { data: ['get k\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['END\r\n'], ops: [['PASS', 5]] });
    assert.deepEqual(log(conn), ['Request get k', 'Response get', 'Request get k', 'Response get']);
    done(conn);
  });

  it('frames values by their length, so a value holding "\\r\\nEND\\r\\n" does not end the reply', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['get k j\r\n'], ops: [['PASS', 9], ['MORE', 2]] });
    const reply = 'VALUE k 0 9\r\na\r\nEND\r\nx\r\nVALUE j 0 0\r\n\r\nEND\r\n';
    checkOnData(conn, { reply: true, data: [reply], ops: [['PASS', reply.length]] });
    assert.deepEqual(log(conn), ['Request get k, j', 'Response get']);
    done(conn);
  });

  it('answers denials in request order under pipelining', () => {
    const conn = connect(only({ command: 'get', keyPrefix: 'pub' }));
    checkOnData(conn, { data: ['get pub1\r\nget secret\r\nget pub2\r\n'], ops: [['PASS', 10], ['DROP', 12], ['PASS', 10], ['MORE', 2]] });
    checkOnData(conn, {
      reply: true, data: ['VALUE pub1 0 1\r\nA\r\nEND\r\nEND\r\n'], ops: [['PASS', 24], ['INJECT', 28], ['PASS', 5]], replyInject: DENIED,
    });
    assert.deepEqual(log(conn), ['Request get pub1', 'Denied get secret', 'Request get pub2', 'Response get', 'Response get']);
    done(conn);
  });

  it('sends a denial at once when nothing is outstanding, and nothing for a denied noreply command', () => {
    const conn = connect(only({ command: 'get' }));
    checkOnData(conn, { data: ['set k 0 0 1\r\nA\r\n'], ops: [['DROP', 16], ['MORE', 2]], replyInject: DENIED });
    checkOnData(conn, { data: ['set k 0 0 1 noreply\r\nA\r\n'], ops: [['DROP', 24], ['MORE', 2]] });
    checkOnData(conn, { data: ['delete k noreply\r\n', 'quit\r\n'], ops: [['DROP', 18], ['DROP', 6], ['MORE', 2]] });
    done(conn);
  });

  it('expects a reply unless the last token is "noreply"', () => {
    const conn = connect(only({ command: 'set' }));
    checkOnData(conn, { data: ['set k 0 0 1 x\r\nA\r\n'], ops: [['PASS', 18], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['STORED\r\n'], ops: [['PASS', 8]] });
    assert.deepEqual(log(conn), ['Request set k', 'Response set']);
    done(conn);
  });

  it('puts a barrier in place of a denial that follows a noreply command, and the denial where its reply comes', () => {
    const conn = connect(only({ command: 'set' }, { command: 'get', keyPrefix: 'pub' }));
    const set = 'set a 0 0 1 noreply\r\nA\r\n';
    checkOnData(conn, {
      data: [set + 'get secret\r\nget pub\r\n'],
      ops: [['PASS', set.length], ['INJECT', 9], ['DROP', 12], ['PASS', 9], ['MORE', 2]],
      origInject: 'version\r\n',
    });
    // The set succeeded silently; the barrier's VERSION marks the spot and is not passed on.
    checkOnData(conn, { reply: true, data: ['VERSION 1.6.18\r\nEND\r\n'], ops: [['DROP', 16], ['INJECT', 28], ['PASS', 5]], replyInject: DENIED });
    assert.deepEqual(log(conn), ['Request set a', 'Denied get secret', 'Request get pub', 'Response get']);
    done(conn);
  });

  it('matches an error to the noreply command that caused it', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['set a 0 0 1 noreply\r\nA\r\nget a\r\n'], ops: [['PASS', 24], ['PASS', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['SERVER_ERROR out of memory\r\nEND\r\n'], ops: [['PASS', 28], ['PASS', 5]] });
    checkOnData(conn, { reply: true, data: ['STORED\r\n'], ops: [['PASS', 8]] });
    assert.deepEqual(log(conn), ['Request set a', 'Request get a', 'Response set', 'Response get', 'Response']);
    done(conn);
  });

  it('passes a long multi-get reply as it arrives, without waiting for its end', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['get a b\r\n'], ops: [['PASS', 9], ['MORE', 2]] });
    // The first value's data is incomplete: pass it whole, Envoy forwards the rest without calling.
    checkOnData(conn, { reply: true, data: ['VALUE a 0 3\r\nab'], ops: [['PASS', 18]] });
    checkOnData(conn, { reply: true, data: ['VALUE b 0 1\r\nZ\r\nEN'], ops: [['PASS', 16], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['END\r\n'], ops: [['PASS', 5]] });
    assert.deepEqual(log(conn), ['Request get a, b', 'Response get']);
    done(conn);
  });

  it('keeps a denial behind a reply whose value is still arriving', () => {
    const conn = connect(only({ command: 'get', keyExact: 'a' }));
    checkOnData(conn, { data: ['get a\r\nget secret\r\n'], ops: [['PASS', 7], ['DROP', 12], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['VALUE a 0 5\r\nab'], ops: [['PASS', 20]] });
    checkOnData(conn, { reply: true, data: ['END\r\n'], ops: [['PASS', 5], ['INJECT', 28]], replyInject: DENIED });
    done(conn);
  });

  it('answers NOP, not MORE, after a verdict that reaches past the input (Envoy allows no op after it)', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['set k 0 0 10\r\nabc'], ops: [['PASS', 26]] });
    checkOnData(conn, { data: ['get k\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    const denying = connect(only({ command: 'get' }));
    checkOnData(denying, { data: ['set k 0 0 10\r\nabc'], ops: [['DROP', 26]], replyInject: DENIED });
    done(conn);
  });

  it('closes on a request line that ends in a bare LF, which memcached would end there', () => {
    const conn = connect(only({ command: 'get', keyPrefix: 'p' }));
    checkOnData(conn, { data: ['get p\ndelete p1\r\n'], ops: [['ERROR', 2]], opsCapacity: 1 });
    assert.deepEqual(log(conn), []);
  });

  it('reads reply lines ending in a bare LF (lru_crawler metadump sends them)', () => {
    const conn = connect(only({ command: 'get', keyExact: 'a' }));
    checkOnData(conn, { data: ['get a\r\nget b\r\n'], ops: [['PASS', 7], ['DROP', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['END\n'], ops: [['PASS', 4], ['INJECT', 28]], replyInject: DENIED });
    done(conn);
  });

  it('closes on a storage line whose data block memcached would not read (no smuggled commands)', () => {
    const conn = connect(only({ command: 'set' }));
    checkOnData(conn, { data: ['set k x 0 10\r\nget secret\r\n'], ops: [['ERROR', 3]], opsCapacity: 1 });
    checkOnData(conn, { data: ['anything\r\n'], ops: [['ERROR', 3]], opsCapacity: 1 });
    assert.deepEqual(log(conn), []);
    const negative = connect(ALLOW_ALL);
    checkOnData(negative, { data: ['set k 0 0 -1\r\n'], ops: [['ERROR', 3]], opsCapacity: 1 });
  });

  it('closes on unknown commands', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['shutdown\r\n'], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('closes, rather than buffer without end, on a line over the limit', () => {
    const harness = createHarness({ modules: [createMemcacheModule({ maxLineBytes: 16 })] });
    const conn = harness.connect('memcache', { policy: ALLOW_ALL });
    checkOnData(conn, { data: ['get 0123456789'], ops: [['MORE', 2]] });
    checkOnData(conn, { data: ['get 0123456789ab'], ops: [['ERROR', 3]], opsCapacity: 1 });
    const replies = harness.connect('memcache', { policy: ALLOW_ALL });
    checkOnData(replies, { data: ['stats\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    checkOnData(replies, { reply: true, data: ['STAT 0123456789abcdef\r\n'], ops: [['ERROR', 3]], opsCapacity: 1 });
  });

  it('closes on a VALUE line with a length memcached never sends', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['get a\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['VALUE a 0 x\r\n'], ops: [['ERROR', 2]], opsCapacity: 1 });
  });

  it('sends what does not fit the reply buffer later instead of cutting it', () => {
    const conn = connect(only({ command: 'set' }), { injectBufSize: 30 });
    checkOnData(conn, { data: ['get a\r\nget b\r\n'], ops: [['DROP', 7], ['DROP', 7], ['MORE', 2]], replyInject: DENIED + 'CL' });
    checkOnData(conn, { reply: true, data: [], ops: [['INJECT', 26]], replyInject: DENIED.slice(2) });
    done(conn);
  });

  it('streams watch events line by line without logging them', () => {
    const conn = connect(ALLOW_ALL);
    checkOnData(conn, { data: ['watch\r\n'], ops: [['PASS', 7], ['MORE', 2]] });
    checkOnData(conn, { reply: true, data: ['OK\r\nts=1 gid=1\nts=2'], ops: [['PASS', 4], ['PASS', 11], ['MORE', 2]] });
    assert.deepEqual(log(conn), ['Request watch']);
    done(conn);
  });

  it('frames stats, cachedump, lru_crawler dumps (LF lines) and single-line admin replies', () => {
    const conn = connect(ALLOW_ALL);
    const requests = 'stats\r\nstats cachedump 1 1\r\nlru_crawler metadump all\r\nlru_crawler mgdump all\r\nstats reset\r\nversion\r\nverbosity 1\r\n';
    checkOnData(conn, {
      data: [requests],
      ops: [['PASS', 7], ['PASS', 21], ['PASS', 26], ['PASS', 24], ['PASS', 13], ['PASS', 9], ['PASS', 13], ['MORE', 2]],
    });
    const replies = ['STAT pid 1\r\nSTAT uptime 2\r\nEND\r\n', 'ITEM k [1 b; 0 s]\r\nEND\r\n', 'key=a exp=-1\nkey=b exp=-1\nEND\r\n',
      'mg a\r\nmg b\r\nEN\r\n', 'RESET\r\n', 'VERSION 1.6.18\r\n', 'OK\r\n'];
    checkOnData(conn, { reply: true, data: replies, ops: replies.map((r) => ['PASS', r.length] as ['PASS', number]) });
    assert.deepEqual(log(conn).filter((l) => l.startsWith('Response')),
      ['Response stats', 'Response stats', 'Response lru_crawler', 'Response lru_crawler', 'Response stats', 'Response version', 'Response verbosity']);
    done(conn);
  });

  it('covers incr, decr, touch, gat, cas and the other storage commands', () => {
    const conn = connect(memcachePolicy([{ command: 'writeGroup', keyPrefix: 'w' }, { command: 'gat' }]));
    const lines = ['incr w1 1\r\n', 'decr w1 1\r\n', 'touch w1 10\r\n', 'gat 10 w1 x\r\n', 'cas w1 0 0 1 7\r\nA\r\n',
      'add w2 0 0 1\r\nB\r\n', 'replace w2 0 0 1\r\nC\r\n', 'append w2 0 0 1\r\nD\r\n', 'prepend w2 0 0 1\r\nE\r\n', 'delete w2\r\n',
      'incr x 1\r\n'];
    checkOnData(conn, { data: lines, ops: [...lines.slice(0, -1).map((l) => ['PASS', l.length] as ['PASS', number]), ['DROP', 10], ['MORE', 2]] });
    const replies = ['2\r\n', '1\r\n', 'TOUCHED\r\n', 'END\r\n', 'EXISTS\r\n', 'STORED\r\n', 'STORED\r\n', 'STORED\r\n', 'STORED\r\n', 'DELETED\r\n'];
    checkOnData(conn, {
      reply: true, data: replies, ops: [...replies.map((r) => ['PASS', r.length] as ['PASS', number]), ['INJECT', 28]], replyInject: DENIED,
    });
    done(conn);
  });

  it('covers the administration commands, noreply among them, and quit (which gets no reply)', () => {
    const conn = connect(memcachePolicy([{ command: 'flush_all' }, { command: 'slabs' }, { command: 'lru' }, { command: 'cache_memlimit' },
      { command: 'misbehave' }, { command: 'verbosity' }, { command: 'quit' }]));
    const lines = ['flush_all noreply\r\n', 'slabs automove 1\r\n', 'lru mode flat\r\n', 'cache_memlimit 64\r\n', 'misbehave\r\n',
      'verbosity 1 noreply\r\n', 'flush_all 0\r\n', 'quit\r\n'];
    checkOnData(conn, { data: lines, ops: [...lines.map((l) => ['PASS', l.length] as ['PASS', number]), ['MORE', 2]] });
    const replies = ['OK\r\n', 'OK\r\n', 'OK\r\n', 'OK\r\n', 'OK\r\n'];
    checkOnData(conn, { reply: true, data: replies, ops: replies.map((r) => ['PASS', r.length] as ['PASS', number]) });
    assert.deepEqual(log(conn).filter((l) => l.startsWith('Response')),
      ['Response slabs', 'Response lru', 'Response cache_memlimit', 'Response misbehave', 'Response flush_all']);
    done(conn);
  });

  describe('meta commands', () => {
    it('are framed (ms with its data block) and checked like their classic commands', () => {
      const conn = connect(memcachePolicy([{ command: 'get', keyPrefix: 'p' }, { command: 'set', keyPrefix: 'p' },
        { command: 'delete', keyPrefix: 'p' }, { command: 'incr', keyPrefix: 'p' }, { command: 'noop' }]));
      const allowed = ['mg p1 v\r\n', 'ms p1 2 T0\r\nhi\r\n', 'md p1\r\n', 'ma p2\r\n', 'me p1\r\n', 'mn\r\n', 'mg cDM= b v\r\n'];
      checkOnData(conn, { data: allowed, ops: [...allowed.map((l) => ['PASS', l.length] as ['PASS', number]), ['MORE', 2]] });
      const replies = ['VA 2\r\nhi\r\n', 'HD\r\n', 'HD\r\n', 'NF\r\n', 'ME p1 exp=-1 la=1 cas=2 fetch=no cls=1 size=63\r\n', 'MN\r\n', 'EN\r\n'];
      checkOnData(conn, { reply: true, data: replies, ops: replies.map((r) => ['PASS', r.length] as ['PASS', number]) });
      const denied = ['mg secret v\r\n', 'ms secret 2\r\nhi\r\n', 'ms p1 2 MA\r\nhi\r\n', 'ma p1 MD\r\n', 'mg c2VjcmV0 b v\r\n'];
      checkOnData(conn, { data: [denied[0]], ops: [['DROP', denied[0].length], ['MORE', 2]], replyInject: DENIED });
      for (const line of denied.slice(1)) checkOnData(conn, { data: [line], ops: [['DROP', line.length], ['MORE', 2]], replyInject: DENIED });
      assert.deepEqual(log(conn).filter((l) => l.startsWith('Denied')),
        ['Denied mg secret', 'Denied ms secret', 'Denied ms p1', 'Denied ma p1', 'Denied mg secret']);
      done(conn);
    });

    it('quiet requests that get no reply do not throw the matching off', () => {
      const conn = connect(ALLOW_ALL);
      checkOnData(conn, { data: ['mg a v q\r\nmg b v q\r\nmd c q\r\nmn\r\n'], ops: [['PASS', 10], ['PASS', 10], ['PASS', 8], ['PASS', 4], ['MORE', 2]] });
      // a hits, b misses (EN left out), the delete succeeds (HD left out), then mn's MN.
      checkOnData(conn, { reply: true, data: ['VA 1\r\nX\r\nMN\r\n'], ops: [['PASS', 9], ['PASS', 4]] });
      assert.deepEqual(log(conn).filter((l) => l.startsWith('Response')), ['Response mg', 'Response mn']);
      done(conn);
    });

    it('a denied quiet request gets its denial, placed by a barrier after earlier quiet ones', () => {
      const conn = connect(only({ command: 'get', keyPrefix: 'p' }, { command: 'noop' }));
      checkOnData(conn, { data: ['mg p1 v q O1\r\nmg secret v q O2\r\nmn\r\n'], ops: [['PASS', 14], ['INJECT', 9], ['DROP', 18], ['PASS', 4], ['MORE', 2]],
        origInject: 'version\r\n' });
      checkOnData(conn, { reply: true, data: ['VA 1 O1\r\nX\r\nVERSION 1.6.18\r\nMN\r\n'],
        ops: [['PASS', 12], ['DROP', 16], ['INJECT', 28], ['PASS', 4]], replyInject: DENIED });
      done(conn);
    });

    it('matches quiet replies by their opaque', () => {
      const conn = connect(ALLOW_ALL);
      checkOnData(conn, { data: ['mg a v q O1\r\nmg b v q O2\r\nmn\r\n'], ops: [['PASS', 13], ['PASS', 13], ['PASS', 4], ['MORE', 2]] });
      // a misses (left out); b hits and says so with O2.
      checkOnData(conn, { reply: true, data: ['VA 1 O2\r\nY\r\n', 'MN\r\n'], ops: [['PASS', 12], ['PASS', 4]] });
      assert.deepEqual(log(conn).filter((l) => l.startsWith('Response')), ['Response mg', 'Response mn']);
      done(conn);
    });
  });

  it('decides a large value from its command line alone, reading nothing of it', () => {
    const harness = createHarness({ eagerWindow: 1024 });
    const conn = harness.connect('memcache', { policy: ALLOW_ALL });
    let fetches = 0;
    const fetch = harness.bridge.fetch.bind(harness.bridge);
    harness.bridge.fetch = (offset: number) => { fetches++; return fetch(offset); };
    const value = 'x'.repeat(1024 * 1024);
    const set = `set big 0 0 ${value.length}\r\n${value}\r\n`;
    checkOnData(conn, { data: [set, 'get big\r\n'], ops: [['PASS', set.length], ['PASS', 9], ['MORE', 2]] });
    assert.equal(fetches, 1, 'one window for the next command line, none for the value');
  });
});
