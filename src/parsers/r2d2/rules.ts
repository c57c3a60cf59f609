import type { L7Rule } from '../../framework/parser.ts';
import { PolicyError, type PortNetworkPolicyRule } from '../../framework/parser.ts';
import { compileGenericL7Rules } from '../../policy/generic-l7-rules.ts';
import { compileRegex, type PolicyRegex } from '../../policy/regex.ts';
import type { R2d2Request } from './request.ts';

const COMMANDS = ['READ', 'WRITE', 'HALT', 'RESET'];
const FILE_COMMANDS = ['', 'READ', 'WRITE'];

/**
 * r2d2 rules: `l7_rules` maps with the keys `cmd` (exact, case-sensitive; empty = any) and `file` (a Go
 * RE2 regex matched anywhere in the file name, as Go's MatchString does: anchor it with ^…$ for a whole
 * name). Both must hold. Example: {cmd: "READ", file: "^/public/"}.
 */
export function parseR2d2Rules(rule: PortNetworkPolicyRule): Array<L7Rule<R2d2Request>> | null {
  return compileGenericL7Rules(rule, 'r2d2', compileRule);
}

function compileRule(fields: Record<string, string>): L7Rule<R2d2Request> {
  for (const key of Object.keys(fields)) {
    if (key !== 'cmd' && key !== 'file') throw new PolicyError('INVALID_L7_RULE', `r2d2: unsupported key "${key}"`);
  }
  const cmd = fields.cmd ?? '';
  const file = fields.file ?? '';
  if (cmd !== '' && !COMMANDS.includes(cmd)) throw new PolicyError('INVALID_L7_RULE', `r2d2: unknown cmd "${cmd}"`);
  if (file !== '' && !FILE_COMMANDS.includes(cmd)) {
    throw new PolicyError('INVALID_L7_RULE', `r2d2: file cannot be combined with cmd "${cmd}"`);
  }
  return new R2d2Rule(cmd, file === '' ? null : compileRegex(file));
}

class R2d2Rule implements L7Rule<R2d2Request> {
  constructor(private readonly cmd: string, private readonly file: PolicyRegex | null) {}

  matches(req: R2d2Request): boolean {
    if (this.cmd !== '' && req.cmd !== this.cmd) return false;
    // A file rule constrains files: a line without one (HALT, or a malformed line) cannot satisfy it,
    // even when the pattern would match the empty string.
    if (this.file !== null) return req.hasFile && this.file.test(req.file);
    return true;
  }
}
