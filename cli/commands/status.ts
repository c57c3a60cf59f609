import { DEFAULT_ADMIN_SOCKET } from '../../scripts/envoy-demo/options.ts';
import { adminRequest } from '../../src/control/admin-client.ts';
import type { IsolateState } from '../../src/control/bundle-service.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { Failure } from '../errors.ts';
import { isolateTable } from '../admin/isolate-table.ts';

const help = `usage: tsproxylib status [--admin-socket FILE] [--json]

Shows what a running library serves: the parser bundle version in force, its file and parsers, and
each isolate's state.

  --admin-socket FILE   the library's admin-socket parameter (default ${DEFAULT_ADMIN_SOCKET})
  --json                print the library's answer as JSON
`;

interface StatusAnswer {
  ok: boolean;
  error?: string;
  bundle: { seq: number; path: string; parsers: string[]; watching: string };
  isolates: IsolateState[];
  instances: number[];
}

export const command: Command = {
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs('status', argv, { 'admin-socket': { type: 'string' }, json: { type: 'boolean' } }, 0);
    const socket = values['admin-socket'] ?? DEFAULT_ADMIN_SOCKET;
    let answer: StatusAnswer;
    try {
      answer = await adminRequest(socket, { cmd: 'status' }) as unknown as StatusAnswer;
    } catch (e) {
      throw new Failure(`status: ${(e as Error).message}`);
    }
    if (values.json) {
      io.out(`${JSON.stringify(answer)}\n`);
      return answer.ok ? 0 : 1;
    }
    if (!answer.ok) throw new Failure(`status: ${answer.error}`);
    const { bundle } = answer;
    io.out(bundle.seq === 0
      ? `parsers: built-in only${bundle.watching ? ` (watching ${bundle.watching})` : ''}\n`
      : `parser bundle version ${bundle.seq}: ${bundle.path}\n`);
    io.out(`  parsers   ${bundle.parsers.join(', ')}\n  modules   ${answer.instances.join(', ') || 'none'}\n`);
    io.out(isolateTable(answer.isolates, bundle.seq));
    return 0;
  },
};
