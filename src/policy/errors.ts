/**
 * Why a policy update was rejected. A PolicyError from anywhere in a compile (decoding, validation,
 * port rules, an L7 rule parser) rejects the whole update and the previous policy stays in force.
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

export type PolicyErrorCode = keyof typeof REASONS;

export class PolicyError extends Error {
  readonly code: PolicyErrorCode;
  /** Where in the update the problem is, e.g. `[0].ingressPerPortPolicies[1].rules[0]`. */
  path: string;
  readonly detail: string;

  constructor(code: PolicyErrorCode, detail = '', path = '') {
    super('');
    this.name = 'PolicyError';
    this.code = code;
    this.detail = detail;
    this.path = path;
    this.message = this.describe();
  }

  /** Adds an outer path segment as the error travels up the compile. */
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
