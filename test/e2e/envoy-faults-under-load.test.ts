/**
 * Parser faults inside Envoy while other connections are busy: a parser that throws, overflows its
 * stack, loops, exhausts its heap or calls process.exit closes only the connection it was parsing.
 * Envoy (two workers, two isolates) stays up, the busy connections on both workers never notice
 * beyond a pause, and new connections are served afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildParserBundle } from './envoy/bundles/build.ts';
import { bootstrap } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { echo, LineClient } from './envoy/line-client.ts';
import { LIBCILIUM } from './envoy/paths.ts';
import { connect, Upstream } from './envoy/peers.ts';
import { waitFor } from './envoy/wait.ts';

const BYSTANDERS = 8;
const FAULTS = ['THROW', 'STACK', 'LOOP', 'HEAP', 'EXIT'];

/** A connection that keeps asking (and checking) lines until told to stop. */
class Bystander {
  roundTrips = 0;
  failure?: Error;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(readonly client: LineClient, readonly index: number) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        const line = `bystander ${this.index} round ${this.roundTrips}`;
        assert.equal(await this.client.ask(line), line);
        this.roundTrips++;
      }
    } catch (e) {
      this.failure = e as Error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

describe('a parser fault under load closes only its connection', () => {
  let envoy: Envoy;
  let upstream: Upstream;
  let port: number;
  let bystanders: Bystander[] = [];
  const openClient = async () => new LineClient(await connect('127.0.0.1', port));

  before(async () => {
    upstream = await Upstream.start('127.0.0.1', echo);
    const bundle = await buildParserBundle('faulty');
    const config = bootstrap([{
      name: 'faults', family: 'ipv4', upstream: { host: upstream.host, port: upstream.port }, exactBalance: true,
      filter: {
        library: LIBCILIUM,
        params: { 'parser-bundle': bundle, 'call-budget-ms': '200', 'heap-limit-mb': '128' },
        connection: { l7_proto: 'test.faulty' },
      },
    }]);
    envoy = await Envoy.start({ config, concurrency: 2 });
    port = (await envoy.listenerPorts()).get('faults')!;
    const clients = await Promise.all(Array.from({ length: BYSTANDERS }, openClient));
    bystanders = clients.map((c, i) => new Bystander(c, i));
    await waitFor('the bystanders to get going', () => bystanders.every((b) => b.roundTrips >= 20 || b.failure));
  });
  after(async () => {
    for (const b of bystanders) {
      await b.stop();
      b.client.peer.destroy();
    }
    await envoy?.dispose();
    await upstream?.close();
  });

  test('the bystanders are spread over both workers', async () => {
    assert.equal(await envoy.stat('listener.faults.worker_0.downstream_cx_total'), BYSTANDERS / 2);
    assert.equal(await envoy.stat('listener.faults.worker_1.downstream_cx_total'), BYSTANDERS / 2);
  });

  for (const [i, fault] of FAULTS.entries()) {
    test(`${fault} closes its own connection and nothing else`, async () => {
      const victim = await openClient();
      assert.equal(await victim.ask('hello'), 'hello');
      victim.peer.queue(Buffer.from(`${fault}\n`));
      await victim.peer.waitForEnd(`the ${fault} connection closed by Envoy`);
      assert.equal(victim.peer.bytes().toString(), 'hello\n', 'the faulting line never reached the upstream');
      victim.peer.destroy();
      assert.equal(await envoy.stat('tsproxylib.faults.parser_errors'), i + 1);
      // Every bystander goes on: each completes more round trips after the fault.
      const seen = bystanders.map((b) => b.roundTrips);
      await waitFor(`the bystanders to keep going after ${fault}`,
                    () => bystanders.every((b, j) => b.failure || b.roundTrips >= seen[j]! + 5));
      assert.deepEqual(bystanders.filter((b) => b.failure).map((b) => `${b.index}: ${b.failure!.message}`), []);
    });
  }

  test('Envoy is still up and serves new connections', async () => {
    assert.equal(await envoy.get('/ready'), 'LIVE\n');
    const late = await openClient();
    assert.equal(await late.ask('after the faults'), 'after the faults');
    late.peer.destroy();
    for (const b of bystanders) await b.stop();
    assert.deepEqual(bystanders.filter((b) => b.failure).map((b) => b.failure!.message), []);
    assert.equal(await envoy.stat('tsproxylib.faults.connections_opened'), BYSTANDERS + FAULTS.length + 1);
    assert.deepEqual(await envoy.stop(), { code: 0, signal: null });
  });
});
