/**
 * Real clients talking to real servers through the real library: a TCP relay that runs Cilium's
 * Envoy-side algorithm (the harness's envoyConnect/envoyData over libcilium_testing.so) on every
 * connection it accepts.
 *
 *   client ──► relay ──envoyData(request)──► out ──► server
 *          ◄──────────────────────────────── reverse (denials sent by the empty-write trick)
 *   client ◄── out ◄──envoyData(reply)──── relay ◄── server
 *
 * Calls for one connection reach the harness one at a time, in the order bytes arrived, as Envoy's
 * worker would make them. A connection the library fails is closed on both sides, and its reason kept.
 */
import net from 'node:net';
import { decodeLogEntry, type DecodedLogEntry } from '../../src/accesslog/entry.ts';
import { AccessLogListener } from '../abi/access-log-listener.ts';
import { TESTING_LIB } from '../abi/harness-backend.ts';
import { Harness } from '../harness/client.ts';

export interface RelayConfig {
  /** The L7 parser (l7_proto). */
  proto: string;
  upstream: { host: string; port: number };
  /** NetworkPolicy resources (proto3 JSON); connections are ingress 1 → 2 to 10.0.0.2:80, policy 1.1.1.1. */
  policy: unknown[];
  /** Collect the access log (readable with takeAccessLog). */
  accessLog?: boolean;
}

interface Link {
  id: string;
  client: net.Socket;
  server: net.Socket;
  queue: Promise<void>;
  open: boolean;
}

let connectionIds = 1000;

export class HarnessRelay {
  /** Why the library closed connections (the harness's `reason`), in order. */
  readonly failures: string[] = [];
  private readonly links = new Set<Link>();

  private constructor(private readonly harness: Harness, private readonly module: string, private readonly listener: net.Server,
                      private readonly config: RelayConfig, private readonly log: AccessLogListener | null) {}

  static async start(config: RelayConfig): Promise<HarnessRelay> {
    const harness = Harness.start();
    await harness.must({ cmd: 'load', lib: TESTING_LIB });
    const log = config.accessLog === true ? await AccessLogListener.start() : null;
    const params = log === null ? [] : [['access-log-path', log.path]];
    const module = String((await harness.must({ cmd: 'openModule', params })).id);
    const listener = net.createServer();
    const relay = new HarnessRelay(harness, module, listener, config, log);
    await relay.setPolicy(config.policy);
    listener.on('connection', (socket) => relay.accept(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.listener.address() as net.AddressInfo).port;
  }

  /** A state-of-the-world policy update; open connections follow it from their next frame. */
  async setPolicy(policy: unknown[]): Promise<void> {
    const { answer } = await this.harness.must({
      cmd: 'control', module: this.module, request: { cmd: 'insertPolicy', module: Number(this.module), version: '1', policies: policy },
    });
    if (answer.ok !== true) throw new Error(`policy refused: ${JSON.stringify(answer)}`);
  }

  /** The access-log entries that arrived since the last call (waits for at least `atLeast`). */
  async takeAccessLog(atLeast = 0): Promise<DecodedLogEntry[]> {
    if (this.log === null) throw new Error('the relay was started without accessLog');
    return (await this.log.take(atLeast)).map(decodeLogEntry);
  }

  async stop(): Promise<void> {
    const links = [...this.links];
    for (const link of links) this.drop(link);
    await Promise.all(links.map((l) => l.queue));
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
    await this.harness.close();
    await this.log?.stop();
  }

  private accept(client: net.Socket): void {
    const server = net.connect(this.config.upstream.port, this.config.upstream.host);
    const link: Link = { id: String(connectionIds++), client, server, queue: Promise.resolve(), open: true };
    this.links.add(link);
    link.queue = this.harness.must({
      cmd: 'envoyConnect', module: this.module, proto: this.config.proto, conn: link.id, ingress: true, srcId: 1, dstId: 2,
      srcAddr: '1.1.1.1:34567', dstAddr: '10.0.0.2:80', policyName: '1.1.1.1',
    }).then((r) => {
      if (r.result !== 0) throw new Error(`envoyConnect answered ${r.result}`);
    });
    client.on('data', (bytes) => this.relay(link, false, bytes));
    server.on('data', (bytes) => this.relay(link, true, bytes));
    for (const socket of [client, server]) {
      socket.on('close', () => this.drop(link));
      socket.on('error', () => this.drop(link));
    }
  }

  private relay(link: Link, reply: boolean, bytes: Buffer): void {
    link.queue = link.queue.then(async () => {
      if (!link.open) return;
      const r = await this.harness.must({ cmd: 'envoyData', conn: link.id, reply, data: bytes.toString('hex') });
      const out = Buffer.from(r.out, 'hex');
      if (out.length > 0) (reply ? link.client : link.server).write(out);
      const reverse = Buffer.from(r.reverse ?? '', 'hex');
      if (reverse.length > 0) link.client.write(reverse);
      if (r.closed === true) {
        this.failures.push(String(r.reason));
        this.drop(link);
      }
    }).catch((e: unknown) => {
      this.failures.push(String(e));
      this.drop(link);
    });
  }

  private drop(link: Link): void {
    if (!link.open) return;
    link.open = false;
    this.links.delete(link);
    link.client.destroy();
    link.server.destroy();
    link.queue = link.queue.then(() => this.harness.call({ cmd: 'envoyClose', conn: link.id })).then(() => undefined, () => undefined);
  }
}
