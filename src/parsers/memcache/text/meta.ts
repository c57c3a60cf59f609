import { OpError } from '../../../framework/types.ts';
import { decodeBase64Key } from './base64.ts';
import { parseLength } from './numbers.ts';
import { MAX_KEY, type LineError, type TextRequest } from './request.ts';

/**
 * Meta commands (memcached ≥ 1.6): `mg|md|ma|me <key> <flag>*`, `ms <key> <datalen> <flag>*` followed
 * by the data block, and `mn`. Flags are tokens named by their first letter; the ones that matter here:
 *   b   the key is base64: rules see the decoded key
 *   q   quiet: the server leaves out the usual success (or miss) reply
 *   O   opaque, echoed in the reply
 *   M   mode: ms S/E/P/A/R = set/append/prepend/add/replace, ma I/+ D/- = incr/decr
 *   T   mg with a TTL update is a gat; C (compare CAS) makes an ms set a cas
 * Each meta command is checked as the classic command it performs, so one rule covers both forms.
 */
const MS_MODES = new Map([['S', 'set'], ['E', 'append'], ['P', 'prepend'], ['A', 'add'], ['R', 'replace']]);
const MA_MODES = new Map([['I', 'incr'], ['+', 'incr'], ['D', 'decr'], ['-', 'decr']]);

/** memcached 1.6 stops parsing `ms` flags past this many and then does not read the data block. */
const MS_MAX_FLAGS = 16;

export function parseMeta(tokens: string[], maxValue: number): TextRequest | LineError {
  const token = tokens[0];
  if (token === 'mn') return request(token, 'mn', [], -1, 'one', null);
  if (tokens.length < (token === 'ms' ? 3 : 2)) {
    return { error: OpError.INVALID_FRAME_TYPE, reason: `${token}: wrong number of arguments` };
  }
  const flags = tokens.slice(token === 'ms' ? 3 : 2);
  const flag = (letter: string) => flags.find((f) => f[0] === letter);
  let dataLength = -1;
  if (token === 'ms') {
    // Lines memcached refuses without reading their data block must never be framed with one.
    if (tokens[1].length > MAX_KEY || flags.length > MS_MAX_FLAGS) {
      return { error: OpError.INVALID_FRAME_LENGTH, reason: 'ms: key or flags too long' };
    }
    dataLength = parseLength(tokens[2], maxValue);
    if (dataLength < 0) return { error: OpError.INVALID_FRAME_LENGTH, reason: 'ms: bad data length' };
  }
  const key = flag('b') !== undefined ? decodeBase64Key(tokens[1]) : tokens[1];
  if (key === null) return { error: OpError.INVALID_FRAME_TYPE, reason: `${token}: bad base64 key` };
  const command = classicCommand(token, flag);
  if (command === null) return { error: OpError.INVALID_FRAME_TYPE, reason: `${token}: unknown mode` };
  const opaque = flag('O')?.slice(1) ?? null;
  return request(token, command, [key], dataLength, flag('q') !== undefined ? 'maybe' : 'one', opaque);
}

function classicCommand(token: string, flag: (letter: string) => string | undefined): string | null {
  switch (token) {
    case 'mg': return flag('T') !== undefined ? 'gat' : 'get';
    case 'md': return 'delete';
    case 'me': return 'get';
    case 'ms': {
      const mode = flag('M');
      const command = mode === undefined ? 'set' : MS_MODES.get(mode.charAt(1).toUpperCase());
      if (command === undefined) return null;
      return command === 'set' && flag('C') !== undefined ? 'cas' : command;
    }
    default: {
      const mode = flag('M');
      return mode === undefined ? 'incr' : MA_MODES.get(mode.charAt(1).toUpperCase()) ?? null;
    }
  }
}

function request(token: string, command: string, keys: string[], dataLength: number,
                 reply: 'one' | 'maybe', opaque: string | null): TextRequest {
  return { command, token, opcode: -1, keys, dataLength, reply, opaque, meta: true };
}
