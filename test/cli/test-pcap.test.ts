// `tsproxylib test memcache pcap` on captures recorded for real: a memcached client talking to a real
// memcached over loopback, recorded by tcpdump (pcap) and dumpcap (pcapng) at the same time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Memcached from 'memcached';
import { MemcachedServer } from '../e2e/memcache-server.ts';
import { LoopbackCapture } from './loopback-capture.ts';
import { runCli } from './run-cli.ts';

const call = <T>(op: (done: (err: unknown, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) => op((err, value) => (err ? reject(err) : resolve(value))));

function memcachedVersion(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('version\r\n'));
    socket.once('data', () => socket.end());
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

interface StreamJson {
  summary: { client: string; server: string; parser: string; failure: string | null; sawSyn: boolean;
             log: { requests: number; denied: number; responses: number; other: number }; frames: { request: { passed: number; dropped: number }; reply: { passed: number } } };
  rows: Array<{ direction: string; verdict: string }>;
}

describe('tsproxylib test <proto> pcap, on real captures', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-pcap-test-'));
  const files = { pcap: path.join(dir, 'memcache.pcap'), pcapng: path.join(dir, 'memcache.pcapng') };
  let server: MemcachedServer;

  before(async () => {
    server = await MemcachedServer.start();
    const filter = `tcp port ${server.port}`;
    // The probes are memcached `version` exchanges: they land in the captures as connections of their own.
    const probe = () => memcachedVersion(server.port);
    const captures = [await LoopbackCapture.start('tcpdump', files.pcap, filter, probe), await LoopbackCapture.start('dumpcap', files.pcapng, filter, probe)];
    const client = new Memcached(`127.0.0.1:${server.port}`, { retries: 0, timeout: 2000, poolSize: 1 });
    try {
      await call((d) => client.set('greeting', 'hello', 0, d));
      assert.equal(await call((d) => client.get('greeting', d)), 'hello');
      assert.equal(await call((d) => client.get('absent', d)), undefined);
      await call((d) => client.del('greeting', d));
    } finally {
      client.end();
    }
    for (const c of captures) await c.stop();
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['pcap', 'pcapng'] as const) {
    it(`reports the client's requests frame by frame from the ${kind} capture`, () => {
      const r = runCli(['test', 'memcache', 'pcap', files[kind], '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { packets: number; streams: StreamJson[] };
      assert.ok(report.packets >= 8, `${report.packets} packets`);
      // The probes' connections first, each a version command; the client's connection last.
      assert.ok(report.streams.length >= 2);
      for (const probe of report.streams.slice(0, -1)) {
        assert.equal(probe.summary.failure, null);
        assert.match(probe.rows.find((row) => row.direction === 'request')?.verdict ?? '', /"command":"version"/);
      }
      const s = report.streams[report.streams.length - 1]!;
      assert.equal(s.summary.server, `127.0.0.1:${server.port}`);
      assert.equal(s.summary.sawSyn, true);
      assert.equal(s.summary.failure, null);
      const requests = s.rows.filter((row) => row.direction === 'request').map((row) => row.verdict);
      assert.equal(requests.length, 4, requests.join('\n'));
      assert.match(requests[0]!, /^PASS — Request textmemcached .*"command":"set".*greeting/);
      assert.match(requests[1]!, /^PASS — Request textmemcached .*"command":"get".*greeting/);
      assert.match(requests[2]!, /^PASS — Request textmemcached .*"command":"get".*absent/);
      assert.match(requests[3]!, /^PASS — Request textmemcached .*"command":"delete".*greeting/);
      assert.deepEqual(s.summary.log, { requests: 4, denied: 0, responses: 4, other: 0 });
      assert.equal(s.summary.frames.reply.passed, 4, 'STORED, VALUE…END, END, DELETED');
    });
  }

  it('enforces a policy file on the capture: denied requests are dropped and answered', () => {
    const policy = path.join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify([{ endpointIps: ['127.0.0.1'], ingressPerPortPolicies: [{
      port: server.port, rules: [{ l7Proto: 'memcache', l7Rules: { l7AllowRules: [{ rule: { command: 'get' } }] } }],
    }] }]));
    const r = runCli(['test', 'memcache', 'pcap', files.pcap, '--policy', policy]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /request\s+\d+\s+DROP — Denied textmemcached .*"command":"set"/);
    assert.match(r.stdout, /request\s+\d+\s+PASS — Request textmemcached .*"command":"get"/);
    assert.match(r.stdout, /log: 2 allowed, 2 denied, 4 responses/);
    assert.match(r.stdout, /inject to client "CLIENT_ERROR access denied\\r\\n"/);
  });

  it('maps ports to parsers: the wrong parser on the port fails the connection, with exit code 1', () => {
    const r = runCli(['test', 'memcache', 'pcap', files.pcap, '--port', `${server.port}=cassandra`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\(cassandra\)/);
    assert.match(r.stdout, /connection failed: /);
  });

  it('refuses a file that is no capture, and a bad --port, with one line each', () => {
    const bogus = path.join(dir, 'bogus.pcap');
    writeFileSync(bogus, 'not a capture at all');
    const r = runCli(['test', 'memcache', 'pcap', bogus]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /neither pcap nor pcapng/);
    const p = runCli(['test', 'memcache', 'pcap', files.pcap, '--port', 'x=memcache']);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /--port expects PORT=PARSER/);
  });
});
