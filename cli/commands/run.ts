import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseCommandArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { REPO_ROOT } from '../paths.ts';
import { Progress } from '../progress.ts';
import { demoArgs, RUN_OPTIONS, type RunOptionName } from '../run/demo-args.ts';
import { runSetup } from '../run/setup-steps.ts';

const help = `usage: tsproxylib run [options]

The main job, as npm start (scripts/run-envoy.sh) runs it: set-up (idempotent, each step shown as
it runs), then the stock Envoy with our network filter and libcilium.so in front of an upstream,
enforcing a policy file, with clients driving traffic and a live view: connections, requests
allowed and denied, access-log lines, and a status line every second. Ctrl-C stops everything.

  --preset NAME          memcache (default), r2d2 or headerparser: parser, upstream, policy, requests
  --parser NAME          the parser (default: the preset's)
  --policy FILE          policy file, JSON or YAML (default: the preset's rules for the upstream)
  --upstream builtin|HOST:PORT   the preset's own server (default) or an existing one
  --upstream-port N      port of the built-in upstream (default: any free port)
  --listen N             Envoy's listener port (default 10000; 0: any free port)
  --admin N              Envoy's admin port (default 9901; 0: any free port)
  --lib FILE             the libcilium-ABI library (default build/lib/libcilium.so)
  --bundle FILE          a parser bundle (tsproxylib build) to serve; rewriting it swaps it live
  --admin-socket FILE    where tsproxylib reload and status reach the library
                         (default: tsproxylib-admin.sock in the temporary directory)
  --concurrency N        Envoy worker threads (default 2)
  --clients N            concurrent clients (default 2; 0: none, drive it yourself)
  --interval MS          pause between a client's requests (default 500)
  --duration S           stop after S seconds (default: run until Ctrl-C)
  --no-setup             skip the set-up step (everything is built already)
`;

const DEMO = path.join(REPO_ROOT, 'scripts/envoy-demo/main.ts');

export const command: Command = {
  help,
  async run(argv, io) {
    const options = Object.fromEntries(Object.keys(RUN_OPTIONS).map((name) => [name, { type: 'string' as const }]));
    const { values } = parseCommandArgs('run', argv, { ...options, 'no-setup': { type: 'boolean' } }, 0);
    const args = demoArgs(values as Partial<Record<RunOptionName, string>>);
    if (!values['no-setup']) await runSetup(io);
    return runDemo(io, args);
  },
};

/**
 * Runs the demo with its output passed through, showing progress until it has started (its banner is
 * its first output). Ctrl-C reaches the demo with the rest of the terminal's process group; this
 * process then waits for the demo to stop everything and exits with its code.
 */
async function runDemo(io: Io, args: string[]): Promise<number> {
  const progress = new Progress(io);
  progress.step('starting Envoy, the upstream and the clients');
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO, ...args], { cwd: REPO_ROOT, stdio: ['inherit', 'pipe', 'inherit'] });
  let started = false;
  child.stdout.on('data', (d: Buffer) => {
    if (!started) {
      started = true;
      progress.finish();
    }
    io.out(d.toString());
  });
  const ignore = () => undefined;
  const forward = (signal: NodeJS.Signals) => () => { child.kill(signal); };
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    if (!started) progress.finish(true);
    return code ?? 1;
  } finally {
    process.removeListener('SIGINT', ignore);
    process.removeListener('SIGTERM', onTerm);
  }
}
