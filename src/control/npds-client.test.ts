// The NPDS client in plain Node against a real gRPC server (@grpc/grpc-js) on a Unix socket.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { NpdsTestServer } from '../../test/support/npds-server.ts';
import { NETWORK_POLICY_TYPE_URL } from '../proto/xds-types.ts';
import { NpdsClient, type NpdsClientOptions, type ReconnectTimers } from './npds-client.ts';
import type { DiscoveryResponseData } from './npds-messages.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-npds-unit-'));
let sockets = 0;
const freshSocket = () => path.join(dir, `xds-${sockets++}.sock`);

/** Reconnect timers the test fires by hand; `waits` records every wait the client asked for. */
class ManualTimers implements ReconnectTimers {
  readonly waits: number[] = [];
  private pending: Array<() => void> = [];
  set(run: () => void, ms: number): unknown {
    this.waits.push(ms);
    this.pending.push(run);
    return run;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((r) => r !== handle);
  }
  /** Runs the pending reconnect, as if its wait had passed. */
  fire(): void {
    const run = this.pending.shift();
    assert.ok(run, 'a reconnect is scheduled');
    run();
  }
  async waitScheduled(count: number): Promise<void> {
    for (let i = 0; i < 500 && this.waits.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(this.waits.length >= count, `${count} reconnects scheduled, saw ${this.waits.length}`);
  }
}

function client(socketPath: string, overrides: Partial<NpdsClientOptions> = {}) {
  const applied: DiscoveryResponseData[] = [];
  const printed: string[] = [];
  const timers = new ManualTimers();
  const c = new NpdsClient({
    socketPath, nodeId: 'node-1', timers,
    apply: (r) => { applied.push(r); },
    print: (_level, message) => { printed.push(message); },
    ...overrides,
  });
  return { c, applied, printed, timers };
}

const policy = (ip: string) => [{ endpointIps: [ip], ingressPerPortPolicies: [{ port: 80 }] }];

describe('NpdsClient', () => {
  const servers: NpdsTestServer[] = [];
  after(() => { for (const s of servers) s.kill(); });
  const serve = async (socket: string) => {
    const s = await NpdsTestServer.start(socket);
    servers.push(s);
    return s;
  };

  it('reports a failed first attempt when nobody listens, then backs off 200, 400, 800 ms … between attempts', async () => {
    const { c, timers } = client(freshSocket());
    c.start();
    assert.equal(await c.firstAttempt, false);
    await timers.waitScheduled(1);
    timers.fire();
    await timers.waitScheduled(2);
    timers.fire();
    await timers.waitScheduled(3);
    assert.deepEqual(timers.waits, [200, 400, 800]);
    c.close();
  });

  it('starts the schedule again after a stream the server ended cleanly, from version ""', async () => {
    const socket = freshSocket();
    const { c, timers, applied } = client(socket);
    c.start();
    assert.equal(await c.firstAttempt, false);
    await timers.waitScheduled(1);
    const server = await serve(socket);
    timers.fire();
    const s0 = await server.stream(0);
    s0.sendPolicies('7', 'a', policy('1.1.1.1'));
    assert.equal((await s0.request(1)).versionInfo, '7');
    s0.finish();
    await timers.waitScheduled(2);
    assert.deepEqual(timers.waits, [200, 200], 'a clean end resets the backoff');
    timers.fire();
    const s1 = await server.stream(1);
    assert.deepEqual([(await s1.request(0)).versionInfo, applied.length], ['', 1]);
    c.close();
    await s1.clientGone();
  });

  it('ACKs what apply() accepts and NACKs what it refuses, keeping the accepted version', async () => {
    const socket = freshSocket();
    const server = await serve(socket);
    const { c, applied, printed } = client(socket, {
      apply: (r) => {
        if (r.versionInfo === 'bad') throw new Error('no thanks');
        applied.push(r);
      },
    });
    c.start();
    assert.equal(await c.firstAttempt, true);
    const s = await server.stream(0);
    s.sendPolicies('v1', 'n1', policy('1.1.1.1'));
    s.sendPolicies('bad', 'n2', policy('2.2.2.2'));
    s.sendPolicies('v3', 'n3', []);
    const [ack1, nack, ack3] = [await s.request(1), await s.request(2), await s.request(3)];
    assert.deepEqual([ack1.versionInfo, ack1.responseNonce, ack1.errorMessage], ['v1', 'n1', null]);
    assert.deepEqual([nack.versionInfo, nack.responseNonce, nack.errorMessage],
                     ['v1', 'n2', `NPDS: Client node-1 rejecting invalid policy on ${socket}: no thanks`]);
    assert.deepEqual([ack3.versionInfo, ack3.responseNonce, ack3.hasErrorDetail], ['v3', 'n3', false]);
    assert.deepEqual(applied.map((r) => [r.versionInfo, r.resources.length, r.typeUrl]), [['v1', 1, NETWORK_POLICY_TYPE_URL], ['v3', 0, NETWORK_POLICY_TYPE_URL]]);
    assert.ok(printed.some((m) => m.includes('no thanks')), 'the rejection is logged');
    c.close();
    await s.clientGone();
  });

  it('NACKs a response of another type without calling apply()', async () => {
    const socket = freshSocket();
    const server = await serve(socket);
    const { c, applied } = client(socket);
    c.start();
    const s = await server.stream(0);
    s.sendPolicies('v1', 'n1', policy('1.1.1.1'), 'type.googleapis.com/cilium.NetworkPolicyHosts');
    const nack = await s.request(1);
    assert.deepEqual([nack.versionInfo, nack.responseNonce], ['', 'n1']);
    assert.equal(nack.errorMessage, 'NPDS: Client node-1 rejecting mismatching resource type type.googleapis.com/cilium.NetworkPolicyHosts, ' +
                                    `expected ${NETWORK_POLICY_TYPE_URL}`);
    assert.equal(applied.length, 0);
    c.close();
  });

  it('a stream that fails (server gone) is retried with the growing schedule', async () => {
    const socket = freshSocket();
    const server = await serve(socket);
    const { c, timers } = client(socket);
    c.start();
    assert.equal(await c.firstAttempt, true);
    server.kill();
    await timers.waitScheduled(1);
    timers.fire();
    await timers.waitScheduled(2);
    assert.deepEqual(timers.waits, [200, 400]);
    c.close();
  });

  it('close() ends the stream and cancels a pending reconnect; it is idempotent', async () => {
    const socket = freshSocket();
    const server = await serve(socket);
    const { c, timers } = client(socket);
    c.start();
    const s = await server.stream(0);
    await s.request(0);
    c.close();
    c.close();
    await s.clientGone();
    assert.deepEqual(timers.waits, [], 'no reconnect after close');
  });
});
