import { NETWORK_POLICY_TYPE_URL, STREAM_NETWORK_POLICIES_PATH } from '../proto/xds-types.ts';
import { Backoff, NPDS_BACKOFF, type BackoffSchedule } from './backoff.ts';
import { GrpcCode, GrpcStreamCall, type GrpcStatus } from './grpc-stream.ts';
import { decodeDiscoveryResponse, encodeDiscoveryRequest, type DiscoveryRequestData, type DiscoveryResponseData } from './npds-messages.ts';

export interface NpdsClientOptions {
  /** Unix socket of the NPDS server (the `xds-path` parameter). */
  socketPath: string;
  nodeId: string;
  /** Puts a response's policies in force, all or nothing; throws with the reason to reject them. */
  apply(response: DiscoveryResponseData): void;
  /** The library's log: 0 debug … 3 error. */
  print(level: number, message: string): void;
  backoff?: BackoffSchedule;
  /** How reconnects are scheduled (tests observe the waits); default setTimeout. */
  timers?: ReconnectTimers;
}

export interface ReconnectTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: ReconnectTimers = {
  set(run, ms) {
    const t = setTimeout(run, ms);
    // The reconnect timer alone must not keep a plain Node process alive.
    t.unref?.();
    return t;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Cilium's NPDS client: one StreamNetworkPolicies call (state of the world, every policy) at a time
 * over the agent's Unix socket. Every response is answered on the same stream: an ACK carries the
 * accepted version; a NACK carries the reason and keeps the last accepted version, so the policy in
 * force stays. When the stream ends it reconnects with Cilium's backoff (an error keeps growing the
 * wait, a clean end starts the schedule again); each new stream starts from version "" while the old
 * policy stays in force until a new response is accepted. Runs until close().
 */
export class NpdsClient {
  /** True when the first attempt opened the stream and sent the initial request, false when it failed. */
  readonly firstAttempt: Promise<boolean>;
  private reportFirst: ((ok: boolean) => void) | null;
  private readonly backoff: Backoff;
  private call: GrpcStreamCall | null = null;
  private retry: unknown = null;
  private readonly timers: ReconnectTimers;
  private closed = false;

  constructor(private readonly options: NpdsClientOptions) {
    this.backoff = new Backoff(options.backoff ?? NPDS_BACKOFF);
    this.timers = options.timers ?? REAL_TIMERS;
    let resolve!: (ok: boolean) => void;
    this.firstAttempt = new Promise<boolean>((r) => { resolve = r; });
    this.reportFirst = resolve;
  }

  start(): void {
    this.connect();
  }

  /** Stops for good: cancels the stream and any pending reconnect. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retry !== null) this.timers.clear(this.retry);
    this.retry = null;
    const call = this.call;
    this.call = null;
    call?.close();
    this.first(false);
  }

  private connect(): void {
    this.retry = null;
    if (this.closed) return;
    const { socketPath, nodeId } = this.options;
    // One request object per stream, updated and sent back after every response, as Cilium does.
    const request: DiscoveryRequestData = {
      versionInfo: '', nodeId, typeUrl: NETWORK_POLICY_TYPE_URL, responseNonce: '', errorMessage: null,
    };
    const call: GrpcStreamCall = new GrpcStreamCall(socketPath, STREAM_NETWORK_POLICIES_PATH, {
      onMessage: (bytes) => this.onResponse(call, request, bytes),
      onEnd: (status) => this.onEnd(call, status),
    });
    this.call = call;
    call.opened.then(() => {
      call.send(encodeDiscoveryRequest(request), (error) => {
        if (error) return;  // the stream's own error ends the call
        this.options.print(0, `NPDS: ${nodeId}: stream open on ${socketPath}, all policies requested`);
        this.first(true);
      });
    }, () => this.first(false));
  }

  private onResponse(call: GrpcStreamCall, request: DiscoveryRequestData, bytes: Uint8Array): void {
    if (this.closed || call !== this.call) return;
    // Bytes that are not a DiscoveryResponse end the stream (thrown into the call); it reconnects.
    const response = decodeDiscoveryResponse(bytes);
    const { nodeId, socketPath, print } = this.options;
    if (response.typeUrl !== NETWORK_POLICY_TYPE_URL) {
      request.errorMessage = `NPDS: Client ${nodeId} rejecting mismatching resource type ${response.typeUrl}, expected ${NETWORK_POLICY_TYPE_URL}`;
      print(2, request.errorMessage);
    } else {
      try {
        this.options.apply(response);
        request.versionInfo = response.versionInfo;
        request.errorMessage = null;
        print(1, `NPDS: ${nodeId}: policy version ${response.versionInfo} accepted (${response.resources.length} resources)`);
      } catch (e) {
        request.errorMessage = `NPDS: Client ${nodeId} rejecting invalid policy on ${socketPath}: ${e instanceof Error ? e.message : String(e)}`;
        print(2, request.errorMessage);
      }
    }
    request.responseNonce = response.nonce;
    call.send(encodeDiscoveryRequest(request));
  }

  private onEnd(call: GrpcStreamCall, status: GrpcStatus): void {
    if (call !== this.call) return;
    this.call = null;
    this.first(false);
    if (this.closed) return;
    const { nodeId, socketPath, print } = this.options;
    if (status.code === GrpcCode.OK) {
      this.backoff.reset();
      print(1, `NPDS: ${nodeId}: the server closed the stream on ${socketPath}`);
    } else {
      print(2, `NPDS: ${nodeId}: stream on ${socketPath} failed (gRPC status ${status.code}): ${status.message}`);
    }
    this.retry = this.timers.set(() => this.connect(), this.backoff.next());
  }

  private first(ok: boolean): void {
    const report = this.reportFirst;
    this.reportFirst = null;
    report?.(ok);
  }
}
