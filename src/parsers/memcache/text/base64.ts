import { Buffer } from 'node:buffer';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A meta command's base64 key (flag `b`) as the bytes memcached stores it under (a latin1 string), or
 * null when it is not canonical padded base64. Rules must see the real key: matching the encoded form
 * would let "c2VjcmV0" slip past a rule about "secret".
 */
export function decodeBase64Key(token: string): string | null {
  if (token.length === 0 || !BASE64.test(token)) return null;
  return Buffer.from(token, 'base64').toString('latin1');
}
