/**
 * Why a policy update was rejected. A PolicyError from anywhere in a compile (decoding, validation,
 * port rules, an L7 rule parser) rejects the whole update and the previous policy stays in force.
 * @module
 */

/** Stable codes, each with the reason text Cilium's NPDS messages use where it has one. */
const REASONS = {
  MALFORMED: 'malformed NetworkPolicy',
  NO_ENDPOINT_IPS: 'Policy has no endpoint_ips',
  INVALID: 'invalid NetworkPolicy',
  DUPLICATE_PORT: 'Duplicate port number',
  UNSUPPORTED_PROTOCOL: 'Unsupported protocol',
  MISMATCHING_L7_TYPES: 'Mismatching L7 types on the same port',
  INVALID_L7_RULE: 'invalid L7 rule',
} as const;

/** Why an update was rejected. L7 rule parsers throw `INVALID_L7_RULE`; the others come from the framework. */
export type PolicyErrorCode = keyof typeof REASONS;

/**
 * A rejected policy update: thrown by a rule parser for a rule it cannot enforce (an unknown key, a bad
 * value, a regex RE2 refuses). The update is refused whole: NACKed to the NPDS server, or reported on
 * the library's log for a policy file, and the previous policy stays in force. The message reads like
 * Cilium's NPDS messages, e.g. `NPDS: invalid L7 rule: r2d2: unknown cmd "read" at …`.
 */
export class PolicyError extends Error {
  readonly code: PolicyErrorCode;
  /** Where in the update the problem is, e.g. `[0].ingressPerPortPolicies[1].rules[0]`. */
  path: string;
  /** What is wrong, in the rule's own terms; starts with the parser's name by convention (`r2d2: …`). */
  readonly detail: string;

  /**
   * @param code the kind of problem; rule parsers use `INVALID_L7_RULE`.
   * @param detail what is wrong, e.g. `r2d2: unsupported key "path"`.
   * @param path where it is; usually left empty: each compile step on the way up prefixes its part.
   */
  constructor(code: PolicyErrorCode, detail = '', path = '') {
    super('');
    this.name = 'PolicyError';
    this.code = code;
    this.detail = detail;
    this.path = path;
    this.message = this.describe();
  }

  /** @internal Adds an outer path segment as the error travels up the compile. */
  within(segment: string): this {
    this.path = segment + this.path;
    this.message = this.describe();
    return this;
  }

  private describe(): string {
    const where = this.path === '' ? '' : ` at ${this.path}`;
    const detail = this.detail === '' ? '' : `: ${this.detail}`;
    return `NPDS: ${REASONS[this.code]}${detail}${where}`;
  }
}

/** Runs one step of a compile, prefixing the path of any PolicyError it throws. */
export function atPath<T>(segment: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof PolicyError) throw e.within(segment);
    throw e;
  }
}
