import type { InstanceInfo, NativeBridge } from './host.ts';
import type { Registry } from './registry.ts';
import { encodeLogEntry, type LogEntryFields } from '../accesslog/entry.ts';
import { logEntryJsonLine } from '../accesslog/json-line.ts';
import { compilePolicyTexts, compilePublishedPolicy, PolicyMap } from '../policy/policy-map.ts';

/** Sequence number meaning "this isolate has not loaded the instance's policy yet". */
const NOT_LOADED = -1;

/**
 * One isolate's view of a module instance (what OpenModule returned): its access log and its policy.
 * Native holds the instance's policy as JSON with a sequence number that changes on every publish; each
 * isolate compiles its own copy (compiled rules are JS objects and cannot be shared between isolates)
 * and recompiles when a call reports a new sequence number, so a policy update applies from the next
 * frame of every open connection. That recompile runs inside a parser call, under its watchdog budget:
 * it compiles only the resources whose text changed (policy-text.ts), so a one-endpoint change in a
 * policy of thousands costs a few milliseconds, not the whole compile.
 */
export class Instance {
  readonly id: number;
  readonly nodeId: string;
  private readonly bridge: NativeBridge;
  private readonly registry: Registry;
  /** Whether the instance has a JSON-lines access-log file (`access-log-file`). */
  private readonly logsJsonLines: boolean;
  private policyMap = PolicyMap.EMPTY;
  private policySeq = NOT_LOADED;

  constructor(bridge: NativeBridge, registry: Registry, info: InstanceInfo) {
    this.bridge = bridge;
    this.registry = registry;
    this.id = info.id;
    this.nodeId = info.nodeId;
    this.logsJsonLines = (info.params['access-log-file'] ?? '') !== '';
  }

  /** The compiled policy in force in this isolate. */
  get policy(): PolicyMap {
    return this.policyMap;
  }

  /** Brings the policy up to date when `seq` (the call's POLICY_SEQ) differs from the compiled one. */
  syncPolicy(seq: number): void {
    if (seq !== this.policySeq) this.reload(seq);
  }

  /** Loads the published policy if this isolate has never loaded it (e.g. before a first call). */
  ensurePolicy(): void {
    if (this.policySeq === NOT_LOADED) this.reload(NOT_LOADED);
  }

  /** Cilium's Instance.PolicyMatches: no policy for `policyName` means deny. */
  policyMatches(policyName: string, ingress: boolean, port: number, remoteId: number, request: unknown): boolean {
    return this.policyMap.matches(policyName, ingress, port, remoteId, request);
  }

  /**
   * Compiles an update, given as the JSON text of each resource (policy-text.ts), against the policy
   * in force (reusing unchanged endpoints). Throws PolicyError and changes nothing when any resource is
   * rejected.
   */
  compile(texts: readonly string[]): PolicyMap {
    return compilePolicyTexts(texts, this.policyMap, this.registry.findRuleParser);
  }

  /** Puts a compiled update in force as the policy with sequence number `seq`. */
  install(policy: PolicyMap, seq: number): void {
    this.policyMap = policy;
    this.policySeq = seq;
  }

  /**
   * Writes one access-log entry: serialized to the access-log socket (native drops it when the
   * instance has none, as Cilium does) and, with `access-log-file`, as a JSON line to that file.
   */
  log(entry: LogEntryFields): void {
    this.bridge.log(this.id, encodeLogEntry(entry));
    if (this.logsJsonLines) this.bridge.logLine(this.id, logEntryJsonLine(entry));
  }

  private reload(seq: number): void {
    const published = this.bridge.policy(this.id);
    if (published === null) {
      // The instance was closed: connections keep working with its last policy.
      this.policySeq = seq;
      return;
    }
    try {
      this.install(compilePublishedPolicy(published.json, this.policyMap, this.registry.findRuleParser), published.seq);
    } catch (e) {
      // Another isolate validated this policy; failing here means the isolates disagree (e.g. a rule
      // parser only one of them has). Deny everything rather than keep enforcing an outdated policy.
      this.install(PolicyMap.EMPTY, published.seq);
      this.bridge.print(3, `instance ${this.id}: cannot compile published policy ${published.seq}, denying all: ${String(e)}`);
    }
  }
}
