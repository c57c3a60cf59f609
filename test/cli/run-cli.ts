/** Runs a checkout's CLI as a user would (a child process), capturing both streams and the exit code. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../cli/paths.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * This process's environment for a child, less NODE_TEST_CONTEXT: with it, a child `node --test`
 * reports to the parent's runner instead of printing its results.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return env;
}

export function runCli(args: string[], root = REPO_ROOT, timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'cli/main.ts'), ...args],
                      { cwd: root, encoding: 'utf8', timeout: timeoutMs, env: childEnv() });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
