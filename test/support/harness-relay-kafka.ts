/**
 * A TCP relay that puts Cilium's Envoy-side algorithm, over the real libcilium_testing.so, between a
 * real client and a real (or stub) server: every accepted client connection becomes a harness
 * `envoyConnect`; client bytes go through `envoyData` (request direction) and what it lets out goes
 * to the server, while its `reverse` bytes (denials sent with the empty-write trick) go back to the
 * client; server bytes go through `envoyData` (reply direction) to the client. Used by the Kafka and
 * Cassandra end-to-end tests.
 */
import net from 'node:net';
import { Harness } from '../harness/client.ts';
import { TESTING_LIB } from '../abi/harness-backend.ts';

export interface RelayOptions {
  proto: string;
  /** Where the relay forwards each accepted connection. */
  upstream: { host: string; port: number };
  /** NetworkPolicy resources (proto3 JSON) for endpoint 1.1.1.1, remote identity 1, port 80. */
  policy?: unknown[];
}

interface Pair {
  id: string;
  client: net.Socket;
  server: net.Socket;
  /** Calls for one connection go to the harness one after the other, in arrival order. */
  chain: Promise<void>;
}

let nextConnection = 1;

export class HarnessRelay {
  /** Connections the harness closed after a parser error, with its reason. */
  readonly closedByParser: string[] = [];
  private readonly pairs = new Set<Pair>();

  private constructor(
    readonly harness: Harness, readonly module: string, private readonly server: net.Server,
    private readonly options: RelayOptions,
  ) {}

  static async start(options: RelayOptions): Promise<HarnessRelay> {
    const harness = Harness.start();
    await harness.must({ cmd: 'load', lib: TESTING_LIB });
    const module = String((await harness.must({ cmd: 'openModule', params: [] })).id);
    const server = net.createServer();
    const relay = new HarnessRelay(harness, module, server, options);
    if (options.policy) await relay.setPolicy(options.policy);
    server.on('connection', (socket) => relay.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Replaces the policy (a state-of-the-world update); connections see it from their next frame. */
  async setPolicy(policy: unknown[]): Promise<void> {
    const answer = (await this.harness.must({
      cmd: 'control', module: this.module, request: { cmd: 'insertPolicy', module: Number(this.module), version: '1', policies: policy },
    })).answer;
    if (answer.ok !== true) throw new Error(`policy refused: ${JSON.stringify(answer)}`);
  }

  private accept(client: net.Socket): void {
    const id = String(nextConnection++);
    const server = net.connect(this.options.upstream.port, this.options.upstream.host);
    const pair: Pair = { id, client, server, chain: Promise.resolve() };
    this.pairs.add(pair);
    client.pause();
    server.pause();
    const opened = this.harness.must({
      cmd: 'envoyConnect', module: this.module, proto: this.options.proto, conn: id, ingress: true, srcId: 1, dstId: 2,
      srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '1.1.1.1',
    });
    pair.chain = opened.then((r) => {
      if (r.result !== 0) throw new Error(`envoyConnect: result ${r.result}`);
      client.resume();
      server.resume();
    });
    client.on('data', (data) => this.forward(pair, false, data));
    server.on('data', (data) => this.forward(pair, true, data));
    const close = () => this.close(pair);
    client.on('close', close);
    server.on('close', close);
    client.on('error', close);
    server.on('error', close);
  }

  private forward(pair: Pair, reply: boolean, data: Buffer): void {
    pair.chain = pair.chain.then(async () => {
      const r = await this.harness.must({ cmd: 'envoyData', conn: pair.id, reply, data: data.toString('hex') });
      const out = Buffer.from(r.out, 'hex');
      const reverse = Buffer.from(r.reverse, 'hex');
      if (out.length > 0) (reply ? pair.client : pair.server).write(out);
      if (reverse.length > 0) pair.client.write(reverse);
      if (r.closed) {
        this.closedByParser.push(String(r.reason));
        this.close(pair);
      }
    }).catch(() => this.close(pair));
  }

  private close(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.server.destroy();
    pair.chain = pair.chain.then(() => this.harness.call({ cmd: 'envoyClose', conn: pair.id })).then(() => undefined, () => undefined);
  }

  async stop(): Promise<void> {
    const pending = [...this.pairs];
    for (const pair of pending) this.close(pair);
    await Promise.all(pending.map((p) => p.chain));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.harness.close();
  }
}
