import { PolicyError } from './errors.ts';

/**
 * The text in which an accepted policy update travels from the control isolate to the workers
 * (bridge.setPolicy / bridge.policy): a JSON array of NetworkPolicy resources with every resource on a
 * line of its own and the commas between them on lines of their own:
 *
 *   [
 *   {"endpointIps":["10.0.0.1"],…}
 *   ,
 *   {"endpointIps":["10.0.0.2"],…}
 *   ]
 *
 * JSON.stringify never writes a raw line break (one inside a string is escaped), so one split('\n')
 * hands a worker each resource's exact text without parsing anything, and the worker compares texts
 * with those it compiled: an update costs it what changed, not the size of the policy. Splitting on a
 * one-character separator is several times faster than on ",\n", hence the comma lines. Parsed whole,
 * the text is an ordinary JSON array.
 */

/**
 * The JSON text of one resource, as an array element (undefined is written as null there too), with
 * the endpoint IPs first: a worker finds what a resource's first endpoint IP held from the start of its
 * text alone (firstEndpointIpHint). NPDS messages already have them first; this moves them for a
 * policy file that lists them later.
 */
export function resourceText(resource: unknown): string {
  return JSON.stringify(endpointIpsFirst(resource)) ?? 'null';
}

/**
 * The texts of an update's resources (decoded NPDS messages, a policy file's entries), which is what
 * every isolate compiles. A resource JSON cannot represent (a BigInt, a cycle) rejects the update.
 */
export function resourceTexts(resources: readonly unknown[]): string[] {
  return resources.map((resource, i) => {
    try {
      return resourceText(resource);
    } catch (e) {
      throw new PolicyError('MALFORMED', `not representable as JSON: ${e instanceof Error ? e.message : String(e)}`, `[${i}]`);
    }
  });
}

/** The published text of an update whose resources have these texts (each from resourceText). */
export function formatPolicyText(texts: readonly string[]): string {
  return texts.length === 0 ? '[]' : `[\n${texts.join('\n,\n')}\n]`;
}

/**
 * The pieces of published text in the layout above, or null when it has another layout (then parse
 * it whole: parsedResourceTexts). The split trusts the layout, which hand-written JSON may only look
 * like: a comma line inside a resource cuts it in two. Such a piece is not JSON on its own (its
 * brackets do not balance), so parsing a piece not seen before tells; when every piece is JSON on its
 * own, the pieces are exactly the array's elements.
 */
export function splitPolicyText(json: string): string[] | null {
  if (!json.startsWith('[\n')) return null;
  const lines = json.split('\n');
  const last = lines.length - 1;
  if (last < 2 || last % 2 !== 0 || lines[last] !== ']') return null;
  const pieces: string[] = [];
  for (let i = 1; i < last; i += 2) {
    if (i > 1 && lines[i - 1] !== ',') return null;
    pieces.push(lines[i]);
  }
  return pieces;
}

/** Parses a JSON array and writes each element back on its own: the slow path, for any layout. */
export function parsedResourceTexts(json: string): string[] {
  if (json === '') return [];
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) throw new TypeError('published policy is not a JSON array');
  return list.map(resourceText);
}

const IPS_JSON = '{"endpointIps":["';
const IPS_ORIGINAL = '{"endpoint_ips":["';

/**
 * The first endpoint IP a resource text names, read from the text's start as resourceText writes it;
 * null when the text starts otherwise or the IP is escaped. Only a hint: the text is not parsed (a
 * later duplicate key could name other IPs), so whoever uses it checks what it finds.
 */
export function firstEndpointIpHint(text: string): string | null {
  const start = text.startsWith(IPS_JSON) ? IPS_JSON.length : text.startsWith(IPS_ORIGINAL) ? IPS_ORIGINAL.length : -1;
  if (start < 0) return null;
  const end = text.indexOf('"', start);
  if (end < 0) return null;
  const ip = text.slice(start, end);
  return ip.includes('\\') ? null : ip;
}

/** A plain object whose first key is not its endpoint IPs, rebuilt with them first; anything else as it is. */
function endpointIpsFirst(resource: unknown): unknown {
  if (resource === null || typeof resource !== 'object') return resource;
  const proto: unknown = Object.getPrototypeOf(resource);
  if (proto !== Object.prototype && proto !== null) return resource;
  const o = resource as Record<string, unknown>;
  const key = Object.hasOwn(o, 'endpointIps') ? 'endpointIps' : Object.hasOwn(o, 'endpoint_ips') ? 'endpoint_ips' : null;
  if (key === null || Object.keys(o)[0] === key) return resource;
  return { [key]: o[key], ...o };
}
