import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Io } from '../command.ts';
import { Failure } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { Progress } from '../progress.ts';

/** scripts/setup.sh announces each step on stderr as `[setup] <what>`. */
const STEP = /^\[setup\] (.*)$/;
/** Lines of the set-up's other output kept to explain a failure. */
const KEPT_LINES = 30;

/**
 * Runs scripts/setup.sh (idempotent: on a set-up machine it only checks and rebuilds what changed),
 * showing each of its steps as a progress step. On failure, prints the tail of its output and fails.
 */
export async function runSetup(io: Io, script = path.join(REPO_ROOT, 'scripts/setup.sh')): Promise<void> {
  const progress = new Progress(io);
  progress.step('set-up: checking packages and builds');
  const child = spawn('bash', [script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const other: string[] = [];
  let pending = '';
  const onText = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const m = STEP.exec(line);
      if (m && m[1] === 'ready') continue;
      if (m) progress.step(`set-up: ${m[1]}`);
      else if (line.trim() !== '') other.push(line);
    }
    other.splice(0, Math.max(0, other.length - KEPT_LINES));
  };
  child.stdout.on('data', (d: Buffer) => onText(d.toString()));
  child.stderr.on('data', (d: Buffer) => onText(d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  onText('\n');
  progress.finish(code !== 0);
  if (code !== 0) {
    for (const line of other) io.err(`  ${line}\n`);
    throw new Failure(`run: set-up failed (${path.relative(REPO_ROOT, script)} exited with ${code}); its output is above`);
  }
}
