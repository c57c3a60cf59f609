// NPDS through the real libcilium_testing.so (dlopen()ed by the harness, the control plane in the
// control runtime's own isolate and thread) against a real gRPC server (@grpc/grpc-js) on a Unix
// socket: Cilium's request shapes, ACK and NACK, policy changes on open connections, reconnection.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeLogEntry } from '../../src/accesslog/entry.ts';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { NETWORK_POLICY_TYPE_URL } from '../../src/proto/xds-types.ts';
import { HarnessBackend } from '../abi/harness-backend.ts';
import { NpdsTestServer, type NpdsStream } from '../support/npds-server.ts';

/** test.headerparser lines starting with `prefix` pass on 10.0.0.9:80 from identity 7; others drop. */
function allowPrefix(prefix: string) {
  return [{
    endpointIps: ['10.0.0.9'],
    endpointId: '9',
    ingressPerPortPolicies: [{
      port: 80,
      rules: [{ remotePolicies: [7], l7Proto: 'test.headerparser', l7Rules: { l7AllowRules: [{ rule: { prefix } }] } }],
    }],
  }];
}

const lines = (...l: string[]) => [new TextEncoder().encode(l.join(''))];
let nextConn = 1000;

describe('NPDS client in libcilium.so (xds-path)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-npds-'));
  const socket = path.join(dir, 'xds.sock');
  let server: NpdsTestServer;
  let backend: HarnessBackend;
  let module = '';
  let stream: NpdsStream;
  let logPath = '';

  before(async () => {
    server = await NpdsTestServer.start(socket);
    backend = await HarnessBackend.start();
    logPath = await backend.startAccessLog();
  });
  after(async () => {
    server.kill();
    const exit = await backend.harness.close();
    await backend.shutdown();
    assert.equal(exit, 0, 'the process exits cleanly with the control runtime running');
  });

  async function connect(): Promise<string> {
    const conn = String(nextConn++);
    const r = await backend.newConnection({ module, proto: 'test.headerparser', conn, ingress: true, srcId: 7, dstId: 9,
      srcAddr: '10.0.0.1:4000', dstAddr: '10.0.0.9:80', policyName: '10.0.0.9', bufSize: 1024 });
    assert.equal(r, FilterResult.OK);
    return conn;
  }

  it('OpenModule returns once the stream is open and Cilium\'s initial request was sent', async () => {
    module = await backend.openModule([['xds-path', socket], ['access-log-path', logPath]], false);
    assert.notEqual(module, '0');
    // OpenModule blocked until the first attempt was over (stream open, request sent), as Cilium's
    // NewClient does: the instance says so the moment OpenModule returns.
    assert.deepEqual(await backend.control(module, { cmd: 'controlReady' }), { ok: true, ready: true });
    stream = await server.stream(0);
    assert.deepEqual(await stream.request(0), {
      versionInfo: '',
      nodeId: `host~127.0.0.2~libcilium-${module}~localdomain`,
      typeUrl: NETWORK_POLICY_TYPE_URL,
      responseNonce: '',
      errorMessage: null,
      resourceNames: [],
      hasErrorDetail: false,
    });
  });

  it('denies everything until a policy arrives', async () => {
    const conn = await connect();
    assert.deepEqual(await backend.onData(conn, false, false, lines('GET /a\n'), 16), { result: FilterResult.OK, ops: [[Op.DROP, 7]] });
    await backend.close(conn);
    await backend.takeAccessLog(1);
  });

  it('ACKs an accepted policy with its version and nonce, and enforces it', async () => {
    stream.sendPolicies('1', 'nonce-1', allowPrefix('GET'));
    const ack = await stream.request(1);
    assert.deepEqual([ack.versionInfo, ack.responseNonce, ack.hasErrorDetail, ack.typeUrl], ['1', 'nonce-1', false, NETWORK_POLICY_TYPE_URL]);
    const conn = await connect();
    assert.deepEqual(await backend.onData(conn, false, false, lines('GET /a\n', 'PUT /b\n'), 16),
                     { result: FilterResult.OK, ops: [[Op.PASS, 7], [Op.DROP, 7]] });
    const logged = (await backend.takeAccessLog(2)).map(decodeLogEntry);
    assert.deepEqual(logged.map((e) => [e.entryType, e.policyName, e.sourceSecurityId, e.destinationSecurityId, e.genericL7?.fields.status]),
                     [['Request', '10.0.0.9', 7, 9, 'PASS'], ['Denied', '10.0.0.9', 7, 9, 'DROP']]);
    await backend.close(conn);
  });

  it('NACKs an invalid policy with the reason, keeps the accepted version, and the old policy stays enforced', async () => {
    const conn = await connect();
    stream.sendPolicies('2', 'nonce-2', [{ endpointIps: ['10.0.0.9'], ingressPerPortPolicies: [{ port: 80 }, { port: 80 }] }]);
    const nack = await stream.request(2);
    assert.deepEqual([nack.versionInfo, nack.responseNonce, nack.hasErrorDetail], ['1', 'nonce-2', true]);
    assert.equal(nack.errorMessage, `NPDS: Client host~127.0.0.2~libcilium-${module}~localdomain rejecting invalid policy on ${socket}: ` +
                                    'NPDS: Duplicate port number: 80 at [0].ingressPerPortPolicies[1]');
    assert.deepEqual((await backend.onData(conn, false, false, lines('GET /a\n', 'PUT /b\n'), 16)).ops, [[Op.PASS, 7], [Op.DROP, 7]]);
    await backend.close(conn);
    await backend.takeAccessLog(2);
  });

  it('NACKs a response of another resource type', async () => {
    stream.sendPolicies('3', 'nonce-3', allowPrefix('PUT'), 'type.googleapis.com/envoy.config.listener.v3.Listener');
    const nack = await stream.request(3);
    assert.deepEqual([nack.versionInfo, nack.responseNonce, nack.hasErrorDetail], ['1', 'nonce-3', true]);
    assert.match(nack.errorMessage ?? '', /rejecting mismatching resource type type\.googleapis\.com\/envoy\.config\.listener\.v3\.Listener/);
  });

  it('applies a new policy to an open connection from its next frame', async () => {
    const conn = await connect();
    assert.deepEqual((await backend.onData(conn, false, false, lines('PUT /b\n'), 16)).ops, [[Op.DROP, 7]]);
    stream.sendPolicies('4', 'nonce-4', allowPrefix('PUT'));
    const ack = await stream.request(4);
    assert.deepEqual([ack.versionInfo, ack.responseNonce, ack.hasErrorDetail], ['4', 'nonce-4', false]);
    assert.deepEqual((await backend.onData(conn, false, false, lines('PUT /b\n', 'GET /a\n'), 16)).ops, [[Op.PASS, 7], [Op.DROP, 7]]);
    await backend.close(conn);
    await backend.takeAccessLog(3);
  });

  it('after the server dies, reconnects with backoff, starts again from version "", and keeps enforcing the old policy', async () => {
    const conn = await connect();
    server.kill();
    await stream.clientGone();
    // The agent is gone: the last accepted policy still holds.
    assert.deepEqual((await backend.onData(conn, false, false, lines('PUT /b\n'), 16)).ops, [[Op.PASS, 7]]);
    server = await NpdsTestServer.start(socket);
    stream = await server.stream(0);
    const initial = await stream.request(0);
    assert.deepEqual([initial.versionInfo, initial.responseNonce, initial.hasErrorDetail], ['', '', false]);
    assert.deepEqual((await backend.onData(conn, false, false, lines('PUT /b\n'), 16)).ops, [[Op.PASS, 7]]);
    stream.sendPolicies('5', 'nonce-5', allowPrefix('GET'));
    assert.equal((await stream.request(1)).versionInfo, '5');
    assert.deepEqual((await backend.onData(conn, false, false, lines('PUT /b\n', 'GET /a\n'), 16)).ops, [[Op.DROP, 7], [Op.PASS, 7]]);
    await backend.close(conn);
    await backend.takeAccessLog(3);
  });

  it('reconnects after the server ends the stream cleanly', async () => {
    stream.finish();
    await stream.clientGone();
    stream = await server.stream(1);
    assert.equal((await stream.request(0)).versionInfo, '');
  });

  it('an instance with the same xds-path shares the stream; CloseModule of the last one closes it', async () => {
    const again = await backend.openModule([['xds-path', socket], ['access-log-path', logPath]], false);
    assert.equal(again, module);
    await backend.closeModule(again);
    assert.equal(stream.ended, false, 'still open: one OpenModule is outstanding');
    await backend.closeModule(module);
    await stream.clientGone();
  });

  it('OpenModule does not fail when no agent listens, and the client connects once one does', async () => {
    const missing = path.join(dir, 'later.sock');
    const id = await backend.openModule([['xds-path', missing]], false);
    assert.notEqual(id, '0');
    assert.deepEqual(await backend.control(id, { cmd: 'controlReady' }), { ok: true, ready: true }, 'the failed first attempt is over too');
    const late = await NpdsTestServer.start(missing);
    const first = await (await late.stream(0)).request(0);
    assert.equal(first.nodeId, `host~127.0.0.2~libcilium-${id}~localdomain`);
    await backend.closeModule(id);
    await (await late.stream(0)).clientGone();
    late.kill();
  });
});
