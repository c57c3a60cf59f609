import { CallSlot, type NativeBridge } from './host.ts';
import type { Instance } from './instance.ts';
import { EntryType, nowNs, type EntryTypeName, type L7Entry } from '../accesslog/entry.ts';

/** What OnNewConnection says about a connection, plus the port parsed from dstAddr. */
export interface ConnectionInfo {
  /** Envoy's 64-bit connection id, in decimal. */
  id: string;
  ingress: boolean;
  /** Security identities of the source and destination. */
  srcId: number;
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
  /** The module instance whose policy and access log apply (the view of the parser version in use). */
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
   * Reads the current policy on every call, so updates apply from the next frame.
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

  /** Writes one access-log entry about this connection, e.g. log('Denied', {genericL7: {proto, fields}}). */
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
   * Framework only: the connection moves to another parser version, whose compiled policy (made by
   * that version's rule parsers) applies from now on.
   */
  rebind(instance: Instance): void {
    this.instanceView = instance;
  }

  /** Framework only: an OnData call in direction `reply` starts. */
  beginCall(reply: boolean): void {
    this.inCall = true;
    this.callReply = reply;
    this.unclaimedInjected = 0;
  }

  /** Framework only: the call ended. */
  endCall(): void {
    this.inCall = false;
  }

  /**
   * Framework only: an INJECT op of `n` bytes covers bytes injected into this direction during the
   * call. False when the parser injected fewer than that.
   */
  claimInjected(n: number): boolean {
    if (n > this.unclaimedInjected) return false;
    this.unclaimedInjected -= n;
    return true;
  }

  /** Framework only: how many injected bytes no INJECT op has covered yet. */
  get unclaimedInjectBytes(): number {
    return this.unclaimedInjected;
  }
}
