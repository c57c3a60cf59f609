/**
 * A real NPDS server for tests: @grpc/grpc-js serving cilium.NetworkPolicyDiscoveryService's
 * StreamNetworkPolicies on a Unix socket, with the messages encoded by our own .proto definitions.
 * A test reads the requests each stream sends and writes responses on the stream of its choice.
 */
import * as grpc from '@grpc/grpc-js';
import { rmSync } from 'node:fs';
import { networkPoliciesToAny } from '../../src/control/network-policy-codec.ts';
import {
  decodeDiscoveryRequest, encodeDiscoveryResponse, type DiscoveryRequestData, type DiscoveryResponseData,
} from '../../src/control/npds-messages.ts';
import { NETWORK_POLICY_TYPE_URL, STREAM_NETWORK_POLICIES_PATH } from '../../src/proto/xds-types.ts';

export type ReceivedRequest = ReturnType<typeof decodeDiscoveryRequest>;

/** One client stream as the server sees it. */
export class NpdsStream {
  readonly requests: ReceivedRequest[] = [];
  private waiters: Array<() => void> = [];
  ended = false;

  constructor(private readonly call: grpc.ServerDuplexStream<ReceivedRequest, Uint8Array>) {
    call.on('data', (r: ReceivedRequest) => {
      this.requests.push(r);
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    call.on('end', end);
    call.on('cancelled', end);
    call.on('error', end);
    call.on('close', end);
  }

  /** The request number `index` (0: the initial one) of this stream, waiting up to 5 s for it. */
  async request(index: number): Promise<ReceivedRequest> {
    await this.until(() => this.requests.length > index, `request ${index}`);
    return this.requests[index];
  }

  /** Waits until the client has ended the stream (half-close or cancel). */
  async clientGone(): Promise<void> {
    await this.until(() => this.ended, 'the end of the stream');
  }

  /** Sends NetworkPolicy resources (proto3 JSON objects) as one state-of-the-world response. */
  sendPolicies(version: string, nonce: string, policies: unknown[], typeUrl = NETWORK_POLICY_TYPE_URL): void {
    this.send({ versionInfo: version, nonce, typeUrl, resources: networkPoliciesToAny(policies) });
  }

  send(response: DiscoveryResponseData): void {
    this.call.write(encodeDiscoveryResponse(response));
  }

  /** Ends the stream cleanly (gRPC status OK), as Go's io.EOF reaches the client. */
  finish(): void {
    this.call.end();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`NPDS test server: no ${what} within 5 s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }
}

export class NpdsTestServer {
  readonly streams: NpdsStream[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socketPath: string, private readonly server: grpc.Server) {}

  static async start(socketPath: string): Promise<NpdsTestServer> {
    rmSync(socketPath, { force: true });
    const server = new grpc.Server();
    const holder: { self?: NpdsTestServer } = {};
    server.addService({
      StreamNetworkPolicies: {
        path: STREAM_NETWORK_POLICIES_PATH,
        requestStream: true,
        responseStream: true,
        requestDeserialize: (b: Buffer) => decodeDiscoveryRequest(b),
        requestSerialize: () => Buffer.alloc(0),
        responseSerialize: (b: Uint8Array) => Buffer.from(b),
        responseDeserialize: (b: Buffer) => b,
        originalName: 'streamNetworkPolicies',
      },
    } as grpc.ServiceDefinition, {
      StreamNetworkPolicies: (call: grpc.ServerDuplexStream<ReceivedRequest, Uint8Array>) => holder.self!.accept(call),
    });
    await new Promise<void>((resolve, reject) => server.bindAsync(`unix:${socketPath}`, grpc.ServerCredentials.createInsecure(),
      (e) => (e ? reject(e) : resolve())));
    holder.self = new NpdsTestServer(socketPath, server);
    return holder.self;
  }

  /** Stream number `index` (0: the first the client opened), waiting up to 5 s for it. */
  async stream(index: number): Promise<NpdsStream> {
    const deadline = Date.now() + 5000;
    while (this.streams.length <= index) {
      if (Date.now() > deadline) throw new Error(`NPDS test server: no stream ${index} within 5 s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return this.streams[index];
  }

  /** Kills every connection and stops listening, like an agent that crashed. */
  kill(): void {
    this.server.forceShutdown();
    rmSync(this.socketPath, { force: true });
  }

  private accept(call: grpc.ServerDuplexStream<ReceivedRequest, Uint8Array>): void {
    this.streams.push(new NpdsStream(call));
    for (const w of this.waiters.splice(0)) w();
  }
}

export type { DiscoveryRequestData };
