/**
 * Plays one scenario through real Envoy: a client connects to the scenario's listener, the upstream
 * server accepts Envoy's connection, and each event is written by the peer it belongs to (orig: the
 * client, reply: the upstream). After each event the player waits until Envoy has read the bytes
 * (its rx counters), so events reach the filter in the scenario's order, then checks what each peer
 * received so far against the events' `out`/`reverse`. At the end it checks the scenario's `expect`
 * and the filter's counters: connections opened/closed (Close exactly once), parser errors.
 */
import assert from 'node:assert/strict';
import type { Envoy } from './envoy.ts';
import { connect, type Peer, type Upstream } from './peers.ts';
import { bytesOf, isData, writesOf, type ByteForm, type Scenario } from './scenario.ts';
import { waitFor } from './wait.ts';

export interface Stage {
  envoy: Envoy;
  host: string;
  port: number;
  upstream: Upstream;
  /** The listener/cluster/counter name of this scenario. */
  id: string;
}

/** What playing over sockets needs beyond the scenario file (scenario-profiles.ts). */
export interface Profile {
  /** Envoy's per-connection buffer limit on the listener and the cluster. */
  bufferLimit?: number;
  /** While a `fill` event is written its receiver does not read, until Envoy shows `until`. */
  holdReceiver?: { what: string; until: (stage: Stage) => Promise<boolean> };
  /** What a destroy event does: the client resets the connection, or Envoy exits. */
  destroy?: 'client-reset' | 'envoy-exit';
  /** Extra checks once the connection is over. */
  after?: (stage: Stage) => Promise<void>;
}

export const counterNames = (id: string) => ({
  opened: `tsproxylib.${id}.connections_opened`,
  rejected: `tsproxylib.${id}.connections_rejected`,
  closed: `tsproxylib.${id}.connections_closed`,
  parserErrors: `tsproxylib.${id}.parser_errors`,
  rxOrig: `tcp.${id}.downstream_cx_rx_bytes_total`,
  rxReply: `cluster.${id}.upstream_cx_rx_bytes_total`,
  upstreamConnections: `cluster.${id}.upstream_cx_total`,
});

type Counters = Record<keyof ReturnType<typeof counterNames>, number>;

async function readCounters(stage: Stage): Promise<Counters> {
  const names = counterNames(stage.id);
  const out = {} as Counters;
  for (const [k, name] of Object.entries(names)) out[k as keyof Counters] = await stage.envoy.stat(name);
  return out;
}

export function assertBytes(got: Buffer, want: Buffer, what: string): void {
  if (got.equals(want)) return;
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const show = (b: Buffer) => JSON.stringify(b.subarray(i, i + 40).toString('latin1'));
  assert.fail(`${what}: expected ${want.length} bytes, got ${got.length}; first difference at offset ${i}: ` +
              `expected ${show(want)}, got ${show(got)}`);
}

export async function playScenario(s: Scenario, stage: Stage, profile: Profile = {}): Promise<void> {
  const before = await readCounters(stage);
  const delta = async (k: keyof Counters) => (await stage.envoy.stat(counterNames(stage.id)[k])) - before[k];
  const connectOk = (s.expect.connectResult ?? 'OK') === 'OK' || s.expect.connectResult === 0;
  if (!connectOk) {
    await playRejected(s, stage, delta);
    return;
  }
  const client = await connect(stage.host, stage.port);
  try {
    const upstream = await stage.upstream.next(s.name);
    await waitFor(`${s.name}: OnNewConnection`, async () => (await delta('opened')) === 1);
    const destroyed = await playEvents(s, stage, profile, client, upstream, delta);
    if (destroyed === 'envoy-exit') return;
    await checkEnd(s, client, upstream, delta, destroyed);
    await profile.after?.(stage);
  } finally {
    client.destroy();
  }
}

// A refused connection is reset before tcp_proxy runs: no upstream connection, no Close. The reset
// may even beat the client's view of the handshake.
async function playRejected(s: Scenario, stage: Stage, delta: (k: keyof Counters) => Promise<number>) {
  const client = await connect(stage.host, stage.port).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET') throw e;
    return null;
  });
  await client?.waitForClose(`${s.name}: the refused client`);
  await waitFor(`${s.name}: the rejection counted`, async () => (await delta('rejected')) === 1);
  assert.equal(await delta('opened'), 0, 'no connection opened');
  assert.equal(await delta('closed'), s.expect.closeCalls ?? 0, 'Close calls');
  assert.equal(await delta('upstreamConnections'), 0, 'no upstream connection');
  assert.equal(client?.length ?? 0, 0, 'the refused client received nothing');
}

async function playEvents(s: Scenario, stage: Stage, profile: Profile, client: Peer, upstream: Peer,
                          delta: (k: keyof Counters) => Promise<number>): Promise<'client-reset' | 'envoy-exit' | null> {
  const sent = { orig: 0, reply: 0 };
  // What each peer must have received so far, while every event so far said (out/reverse).
  const expected: { upstream: Buffer[] | null; downstream: Buffer[] | null } = { upstream: [], downstream: [] };
  for (const [i, event] of s.events.entries()) {
    if (!isData(event)) {
      const how = profile.destroy ?? 'client-reset';
      if (how === 'envoy-exit') {
        const exit = await stage.envoy.stop();
        assert.deepEqual(exit, { code: 0, signal: null }, 'Envoy exits cleanly in the middle of the flush');
      } else {
        client.reset();
      }
      return how;
    }
    const what = `${s.name}: event ${i}`;
    const [sender, receiver] = event.dir === 'orig' ? [client, upstream] : [upstream, client];
    const held = profile.holdReceiver !== undefined && 'fill' in event;
    if (held) receiver.pause();
    for (const piece of writesOf(event)) sender.queue(piece);
    if (event.end) sender.end();
    sent[event.dir] += bytesOf(event).length;
    if (held) {
      await waitFor(`${what}: ${profile.holdReceiver!.what}`, () => profile.holdReceiver!.until(stage), 60_000, 50);
      receiver.resume();
      expected.upstream = expected.downstream = null;
      continue;
    }
    // Envoy has read every byte sent in this direction: the filter has seen this event. Once a parser
    // error closed the connection nothing is read any more, and nothing may come through.
    const rx = event.dir === 'orig' ? 'rxOrig' : 'rxReply';
    await waitFor(`${what}: Envoy reads ${sent[event.dir]} bytes`,
                  async () => (await delta(rx)) >= sent[event.dir] || (await delta('parserErrors')) > 0);
    track(expected, event.dir === 'orig' ? 'upstream' : 'downstream', event.out);
    if (event.dir === 'orig') track(expected, 'downstream', event.reverse);
    await checkSoFar(what, expected.upstream, upstream, 'upstream');
    await checkSoFar(what, expected.downstream, client, 'downstream');
    const halfClose = event.dir === 'orig' ? s.expect.upstreamHalfClosed : s.expect.downstreamHalfClosed;
    if (event.end && halfClose) await receiver.waitForEnd(`${what}: the half-close`);
  }
  return null;
}

function track(expected: { upstream: Buffer[] | null; downstream: Buffer[] | null }, side: 'upstream' | 'downstream',
               form: ByteForm | undefined) {
  if (form === undefined) expected[side] = null; // this event says nothing: stop checking that side per event
  else expected[side]?.push(bytesOf(form));
}

async function checkSoFar(what: string, parts: Buffer[] | null, peer: Peer, side: string): Promise<void> {
  if (parts === null) return;
  const want = Buffer.concat(parts);
  await peer.waitForLength(want.length, `${what}: ${side}`);
  assertBytes(peer.bytes().subarray(0, want.length), want, `${what}: ${side} so far`);
}

async function checkEnd(s: Scenario, client: Peer, upstream: Peer, delta: (k: keyof Counters) => Promise<number>,
                        destroyed: 'client-reset' | null): Promise<void> {
  const e = s.expect;
  if (!destroyed) {
    if (e.upstreamHalfClosed) await upstream.waitForEnd(`${s.name}: upstream half-close`);
    if (e.downstreamHalfClosed) await client.waitForEnd(`${s.name}: downstream half-close`);
  }
  if (e.closedByError) await client.waitForEnd(`${s.name}: Envoy closed the client after the parser error`);
  // Once Envoy closed the downstream connection, no byte moves any more: compare everything.
  await waitFor(`${s.name}: Close called`, async () => (await delta('closed')) >= (e.closeCalls ?? 1));
  await upstream.waitForEnd(`${s.name}: the upstream connection ends`);
  if (e.upstream) assertBytes(upstream.bytes(), bytesOf(e.upstream), `${s.name}: upstream`);
  if (e.downstream) assertBytes(client.bytes(), bytesOf(e.downstream), `${s.name}: downstream`);
  assert.equal(await delta('closed'), e.closeCalls ?? 1, `${s.name}: Close calls`);
  assert.equal(await delta('parserErrors'), e.closedByError ? 1 : 0, `${s.name}: closed by a parser error`);
}
