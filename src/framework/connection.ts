import { CallSlot, type NativeBridge } from './host.ts';
import type { Instance } from './instance.ts';
import { EntryType, nowNs, type EntryTypeName, type L7Entry } from '../accesslog/entry.ts';

/** What OnNewConnection says about a connection, plus the port parsed from dstAddr. */
export interface ConnectionInfo {
  /** Envoy's 64-bit connection id, in decimal. */
  id: string;
  /** Whether the connection enters the endpoint (the policy's ingress rules apply), not leaves it. */
  ingress: boolean;
  /** Security identity of the source. */
  srcId: number;
  /** Security identity of the destination. */
  dstId: number;
  /** "a.b.c.d:port" or "[v6]:port". */
  srcAddr: string;
  /** The original destination. */
  dstAddr: string;
  /** The endpoint IP whose policy applies: the key into the policy map. */
  policyName: string;
  /** Destination port, parsed from dstAddr (1 … 2^32-1). */
  port: number;
  /** The L7 protocol name the parser was chosen by. */
  parserName: string;
}

/**
 * A proxied connection as its parser sees it: Cilium's Connection fields, the policy check, the two
 * inject buffers and the access log. Lives in one isolate; all its calls come one at a time.
 */
export class Connection implements Readonly<ConnectionInfo> {
  /** @internal The module instance whose policy and access log apply (its view for the parser version in use). */
  get instance(): Instance {
    return this.instanceView;
  }
  readonly id: string;
  /** The connection id as a number (values above 2^63 occur). */
  readonly idBigInt: bigint;
  readonly ingress: boolean;
  readonly srcId: number;
  readonly dstId: number;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly policyName: string;
  readonly port: number;
  readonly parserName: string;

  private instanceView: Instance;
  private readonly bridge: NativeBridge;
  private readonly call: Float64Array;
  /** Direction of the OnData call in progress (meaningful while inCall). */
  private callReply = false;
  private inCall = false;
  /** Bytes the parser asked to inject into the call's own direction and no INJECT op has covered yet. */
  private unclaimedInjected = 0;

  /** @internal The framework makes one per OnNewConnection. */
  constructor(bridge: NativeBridge, instance: Instance, info: ConnectionInfo) {
    this.bridge = bridge;
    this.call = bridge.call;
    this.instanceView = instance;
    this.id = info.id;
    this.idBigInt = BigInt(info.id);
    this.ingress = info.ingress;
    this.srcId = info.srcId;
    this.dstId = info.dstId;
    this.srcAddr = info.srcAddr;
    this.dstAddr = info.dstAddr;
    this.policyName = info.policyName;
    this.port = info.port;
    this.parserName = info.parserName;
  }

  /**
   * Whether the policy in force allows `request` (a protocol-specific object the L7 rules understand)
   * on this connection. The remote identity is the source on ingress and the destination on egress.
   * Reads the current policy on every call, so updates apply from the next frame. No policy for this
   * endpoint means deny.
   *
   * @param request what the protocol's rule parser matches, e.g. an `R2d2Request`; passed unchanged
   *   to each `L7Rule.matches` of the port's rules.
   */
  matches(request: unknown): boolean {
    const remoteId = this.ingress ? this.srcId : this.dstId;
    return this.instance.policyMatches(this.policyName, this.ingress, this.port, remoteId, request);
  }

  /**
   * Appends bytes to the inject buffer of direction `reply` (true: towards the client). Copies what
   * fits and never grows the buffer; returns the number of bytes copied. Bytes injected into the
   * direction being processed must be emitted by INJECT ops in the same call; bytes injected into the
   * other direction go out before that direction's next data.
   *
   * @param reply the direction whose buffer takes the bytes: true for the reply direction (towards
   *   the client), false for the original direction (towards the server).
   * @param bytes copied; the caller may reuse them afterwards.
   * @returns how many bytes were copied: fewer than `bytes.length` when the buffer (1024 bytes per
   *   direction in Envoy) is full.
   */
  inject(reply: boolean, bytes: Uint8Array): number {
    const copied = this.bridge.inject(reply, bytes);
    if (this.inCall && reply === this.callReply) this.unclaimedInjected += bytes.length;
    return copied;
  }

  /** Whether direction `reply`'s inject buffer has no room left. Meaningful during a call only. */
  isInjectBufFull(reply: boolean): boolean {
    const c = this.call;
    return reply ? c[CallSlot.REPLY_LEN] >= c[CallSlot.REPLY_CAP] : c[CallSlot.ORIG_LEN] >= c[CallSlot.ORIG_CAP];
  }

  /**
   * Writes one access-log entry about this connection, e.g. log('Denied', {genericL7: {proto, fields}}).
   * The framework fills in the time, direction, policy name, identities and addresses.
   *
   * @param entryType `Request` for an allowed request, `Denied` for a denied one, `Response` for a reply.
   * @param l7 the protocol part; generic parsers use `genericL7` with their own proto name and fields.
   */
  log(entryType: EntryTypeName, l7: L7Entry): void {
    this.instance.log({
      timestampNs: nowNs(),
      isIngress: this.ingress,
      entryType: EntryType[entryType],
      policyName: this.policyName,
      sourceSecurityId: this.srcId,
      destinationSecurityId: this.dstId,
      sourceAddress: this.srcAddr,
      destinationAddress: this.dstAddr,
      l7,
    });
  }

  /**
   * @internal Framework only: the connection moves to another parser version, whose compiled policy
   * (made by that version's rule parsers) applies from now on.
   */
  rebind(instance: Instance): void {
    this.instanceView = instance;
  }

  /** @internal Framework only: an OnData call in direction `reply` starts. */
  beginCall(reply: boolean): void {
    this.inCall = true;
    this.callReply = reply;
    this.unclaimedInjected = 0;
  }

  /** @internal Framework only: the call ended. */
  endCall(): void {
    this.inCall = false;
  }

  /**
   * @internal Framework only: an INJECT op of `n` bytes covers bytes injected into this direction during the
   * call. False when the parser injected fewer than that.
   */
  claimInjected(n: number): boolean {
    if (n > this.unclaimedInjected) return false;
    this.unclaimedInjected -= n;
    return true;
  }

  /** @internal Framework only: how many injected bytes no INJECT op has covered yet. */
  get unclaimedInjectBytes(): number {
    return this.unclaimedInjected;
  }
}
