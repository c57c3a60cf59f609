// r2d2 end to end: a line client and the r2d2 test server, through the relay (the real
// libcilium_testing.so running Cilium's Envoy algorithm).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { r2d2Policy } from '../../src/parsers/r2d2/test-policies.ts';
import { HarnessRelay } from '../support/harness-relay.ts';
import { R2d2Server } from './r2d2-server.ts';

/** Sends `lines` in one write and collects the first `lines.length` reply lines. */
function converse(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(lines.map((l) => `${l}\r\n`).join('')));
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
      const replies = received.split('\r\n').slice(0, -1);
      if (replies.length >= lines.length) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(received)}`)));
  });
}

const REQUESTS = ['READ /pub/a', 'READ /etc/shadow', 'HALT', 'WRITE /tmp/x', 'READ /pub/b', 'RESET', 'READ'];

describe('r2d2 end to end', () => {
  let server: R2d2Server;
  let relay: HarnessRelay;
  before(async () => {
    server = await R2d2Server.start();
    relay = await HarnessRelay.start({ proto: 'r2d2', upstream: { host: '127.0.0.1', port: server.port }, policy: r2d2Policy(null), accessLog: true });
  });
  after(async () => {
    await relay.stop();
    await server.stop();
  });

  it('with an allow-all policy, answers exactly as the server does directly', async () => {
    const direct = await converse(server.port, REQUESTS);
    assert.deepEqual(direct, ['DATA /pub/a', 'DATA /etc/shadow', 'OK', 'WROTE /tmp/x', 'DATA /pub/b', 'OK', 'ERROR']);
    assert.deepEqual(await converse(relay.port, REQUESTS), direct);
    const log = await relay.takeAccessLog(REQUESTS.length);
    assert.deepEqual(log.map((e) => `${e.entryType} ${e.genericL7?.fields.cmd} ${e.genericL7?.fields.file}`),
                     REQUESTS.map((r) => `Request ${r.split(' ')[0]} ${r.split(' ')[1] ?? ''}`));
  });

  it('with a restrictive policy, each denied request gets ERROR in its own place among the replies', async () => {
    await relay.setPolicy(r2d2Policy([{ cmd: 'READ', file: '^/pub/' }, { cmd: 'WRITE', file: '^/tmp/' }]));
    try {
      assert.deepEqual(await converse(relay.port, REQUESTS),
                       ['DATA /pub/a', 'ERROR', 'ERROR', 'WROTE /tmp/x', 'DATA /pub/b', 'ERROR', 'ERROR']);
      const log = await relay.takeAccessLog(REQUESTS.length);
      assert.deepEqual(log.map((e) => e.entryType), ['Request', 'Denied', 'Denied', 'Request', 'Request', 'Denied', 'Denied']);
    } finally {
      await relay.setPolicy(r2d2Policy(null));
    }
    assert.equal(relay.failures.length, 0, relay.failures.join('; '));
  });
});
