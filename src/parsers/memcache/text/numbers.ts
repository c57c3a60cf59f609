/**
 * Strict decimal fields. memcached's own parsing (strtol and friends) accepts more, such as a leading
 * '+'; accepting less only means such a line closes the connection, while accepting a number memcached
 * rejects would let the proxy frame a data block the server never reads.
 */
const DIGITS = /^[0-9]+$/;

/** A byte count in [0, max], or -1. */
export function parseLength(token: string, max: number): number {
  if (token.length > 15 || !DIGITS.test(token)) return -1;
  const n = Number(token);
  return n <= max ? n : -1;
}

export function isUint32(token: string): boolean {
  return token.length <= 10 && DIGITS.test(token) && Number(token) <= 0xffffffff;
}

export function isInt32(token: string): boolean {
  const digits = token.startsWith('-') ? token.slice(1) : token;
  if (digits.length > 10 || !DIGITS.test(digits)) return false;
  const n = Number(token);
  return n >= -0x80000000 && n <= 0x7fffffff;
}

export function isUint64(token: string): boolean {
  return token.length <= 20 && DIGITS.test(token) && BigInt(token) <= 0xffffffffffffffffn;
}
