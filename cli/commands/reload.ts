import { DEFAULT_ADMIN_SOCKET } from '../../scripts/envoy-demo/options.ts';
import { adminRequest } from '../../src/control/admin-client.ts';
import type { IsolateState, ReloadAnswer } from '../../src/control/bundle-service.ts';
import { integerOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { Failure } from '../errors.ts';
import { isolateTable } from '../admin/isolate-table.ts';

const help = `usage: tsproxylib reload [--bundle FILE] [--admin-socket FILE] [--wait MS] [--force] [--json]

Swaps the parsers of a running Envoy without restarting it: the library re-reads its parser bundle
(or FILE, which it watches from then on), validates it (it loads, its selfCheck passes, the policies
in force compile with its rule parsers) and publishes it to every worker isolate, then this command
shows what each isolate did. A worker loads the new version at its next call; one that had no call
within --wait is shown as pending. A refused bundle changes nothing: the version in force serves on.

  --bundle FILE         the bundle to load (default: the one the library serves, re-read)
  --admin-socket FILE   the library's admin-socket parameter (default ${DEFAULT_ADMIN_SOCKET})
  --wait MS             how long to wait for the workers' reports (default 2000)
  --force               publish even when the text equals the version in force
  --json                print the library's answer as JSON

Exit code 0 when the bundle is in force, 1 when it was refused or a worker could not load it.
`;

export const command: Command = {
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs('reload', argv, {
      bundle: { type: 'string' }, 'admin-socket': { type: 'string' }, wait: { type: 'string' },
      force: { type: 'boolean' }, json: { type: 'boolean' },
    }, 0);
    const waitMs = integerOption('reload', 'wait', values.wait, 2000);
    const socket = values['admin-socket'] ?? DEFAULT_ADMIN_SOCKET;
    const request = {
      cmd: 'reload', waitMs, force: values.force === true,
      ...(values.bundle !== undefined ? { path: values.bundle } : {}),
    };
    let answer: ReloadAnswer;
    try {
      answer = await adminRequest(socket, request, waitMs + 30_000) as ReloadAnswer;
    } catch (e) {
      throw new Failure(`reload: ${(e as Error).message}`);
    }
    if (values.json) io.out(`${JSON.stringify(answer)}\n`);
    if (!answer.ok) {
      if (values.json) return 1;
      throw new Failure(`reload: ${answer.error}`);
    }
    const isolates: IsolateState[] = answer.isolates ?? [];
    if (!values.json) {
      io.out(answer.unchanged
        ? `version ${answer.seq} (${answer.path}) is already in force: nothing to swap (--force publishes it again)\n`
        : `version ${answer.seq} of ${answer.path} published: ${answer.parsers.join(', ')}\n`);
      io.out(isolateTable(isolates, answer.seq));
    }
    return isolates.some((i) => i.state === 'failed') ? 1 : 0;
  },
};
