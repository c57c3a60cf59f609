import { PolicyError } from './errors.ts';
import { field, type JsonMessage } from './json-field.ts';

/**
 * The protoc-gen-validate rules of the Envoy matcher messages a NetworkPolicy may embed
 * (envoy.config.route.v3.HeaderMatcher in HTTP rules, envoy.type.matcher.v3.MetadataMatcher in L7
 * rules), which NetworkPolicy.Validate() checks recursively. The proxylib never evaluates these
 * matchers; it only refuses a policy that carries an invalid one, as Cilium's does. First violation
 * wins; paths name the offending field.
 */
export function validateHeaderMatcher(m: unknown, path: string): void {
  const o = message(m, path);
  const name = str(field(o, 'name'));
  if (name.length < 1) invalid(`${path}.name`, 'must not be empty');
  // HTTP_HEADER_NAME, non-strict: no NUL, LF or CR.
  if (/[\0\n\r]/.test(name)) invalid(`${path}.name`, 'must be a valid HTTP header name');
  for (const key of ['prefixMatch', 'suffixMatch', 'containsMatch']) {
    const v = field(o, key);
    if (v != null && str(v).length < 1) invalid(`${path}.${key}`, 'must not be empty');
  }
  const regex = field(o, 'safeRegexMatch');
  if (regex != null) validateRegexMatcher(regex, `${path}.safeRegexMatch`);
  const stringMatch = field(o, 'stringMatch');
  if (stringMatch != null) validateStringMatcher(stringMatch, `${path}.stringMatch`);
}

export function validateMetadataMatcher(m: unknown, path: string): void {
  const o = message(m, path);
  if (str(field(o, 'filter')).length < 1) invalid(`${path}.filter`, 'must not be empty');
  const segments = list(field(o, 'path'), `${path}.path`);
  if (segments.length < 1) invalid(`${path}.path`, 'must hold at least 1 item');
  segments.forEach((s, i) => {
    const at = `${path}.path[${i}]`;
    const key = field(message(s, at), 'key');
    if (key == null) invalid(at, 'segment is required');
    if (str(key).length < 1) invalid(`${at}.key`, 'must not be empty');
  });
  const value = field(o, 'value');
  if (value == null) invalid(`${path}.value`, 'is required');
  validateValueMatcher(value, `${path}.value`);
}

function validateRegexMatcher(m: unknown, path: string): void {
  if (str(field(message(m, path), 'regex')).length < 1) invalid(`${path}.regex`, 'must not be empty');
}

function validateStringMatcher(m: unknown, path: string): void {
  const o = message(m, path);
  const set = oneOf(o, ['exact', 'prefix', 'suffix', 'safeRegex', 'contains', 'custom'], path);
  if (set === null) invalid(path, 'match_pattern is required');
  if ((set === 'prefix' || set === 'suffix' || set === 'contains') && str(field(o, set)).length < 1) {
    invalid(`${path}.${set}`, 'must not be empty');
  }
  if (set === 'safeRegex') validateRegexMatcher(field(o, set), `${path}.safeRegex`);
  if (set === 'custom') {
    const custom = message(field(o, set), `${path}.custom`);
    if (str(field(custom, 'name')).length < 1) invalid(`${path}.custom.name`, 'must not be empty');
    if (field(custom, 'typedConfig') == null) invalid(`${path}.custom.typedConfig`, 'is required');
  }
}

function validateValueMatcher(m: unknown, path: string): void {
  const o = message(m, path);
  const set = oneOf(o, ['nullMatch', 'doubleMatch', 'stringMatch', 'boolMatch', 'presentMatch', 'listMatch', 'orMatch'], path);
  if (set === null) invalid(path, 'match_pattern is required');
  const v = field(o, set);
  const at = `${path}.${set}`;
  if (set === 'doubleMatch' && oneOf(message(v, at), ['range', 'exact'], at) === null) invalid(at, 'match_pattern is required');
  if (set === 'stringMatch') validateStringMatcher(v, at);
  if (set === 'listMatch') {
    const oneOfValue = field(message(v, at), 'oneOf');
    if (oneOfValue == null) invalid(at, 'match_pattern is required');
    validateValueMatcher(oneOfValue, `${at}.oneOf`);
  }
  if (set === 'orMatch') {
    const alternatives = list(field(message(v, at), 'valueMatchers'), `${at}.valueMatchers`);
    if (alternatives.length < 2) invalid(`${at}.valueMatchers`, 'must hold at least 2 items');
    alternatives.forEach((a, i) => validateValueMatcher(a, `${at}.valueMatchers[${i}]`));
  }
}

/** The member of a oneof that is set (null when none); two set is malformed JSON for a oneof. */
function oneOf(o: JsonMessage, members: string[], path: string): string | null {
  const set = members.filter((n) => field(o, n) != null);
  if (set.length > 1) throw new PolicyError('MALFORMED', `oneof fields ${set.join(' and ')} are both set`, path);
  return set[0] ?? null;
}

function message(v: unknown, path: string): JsonMessage {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new PolicyError('MALFORMED', 'expected an object', path);
  return v as JsonMessage;
}

function list(v: unknown, path: string): unknown[] {
  if (v == null) return [];
  if (!Array.isArray(v)) throw new PolicyError('MALFORMED', 'expected an array', path);
  return v;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function invalid(path: string, detail: string): never {
  throw new PolicyError('INVALID', detail, path);
}
