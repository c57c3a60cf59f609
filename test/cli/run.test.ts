// `tsproxylib run`: options become the demo's (checked by the demo's own parser), set-up steps show as
// progress, and the real thing starts, shows its live view and stops cleanly on Ctrl-C.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Io } from '../../cli/command.ts';
import { Failure, UsageError } from '../../cli/errors.ts';
import { REPO_ROOT } from '../../cli/paths.ts';
import { Progress } from '../../cli/progress.ts';
import { demoArgs } from '../../cli/run/demo-args.ts';
import { runSetup } from '../../cli/run/setup-steps.ts';
import { waitFor } from '../e2e/envoy/wait.ts';
import { childEnv } from './run-cli.ts';

function recordingIo(interactive: boolean): Io & { text: () => string } {
  let text = '';
  return { out: (t) => { text += t; }, err: (t) => { text += t; }, interactive, text: () => text };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-run-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tsproxylib run: options', () => {
  it('passes each option on as the demo spells it', () => {
    assert.deepEqual(demoArgs({ parser: 'r2d2', listen: '0', admin: '0', upstream: '127.0.0.1:7000', duration: '3' }),
                     ['--parser', 'r2d2', '--upstream', '127.0.0.1:7000', '--listen-port', '0', '--admin-port', '0', '--duration', '3']);
    assert.deepEqual(demoArgs({}), []);
  });

  it('refuses what the demo refuses, naming the option as run spells it', () => {
    assert.throws(() => demoArgs({ listen: 'x' }), (e: unknown) => e instanceof UsageError && /--listen: expected an integer/.test(e.message));
    assert.throws(() => demoArgs({ upstream: 'nowhere' }), /--upstream: expected builtin or HOST:PORT/);
    assert.throws(() => demoArgs({ preset: 'nope' }), /--preset is one of .*memcache/);
  });
});

describe('tsproxylib run: progress', () => {
  it('prints one line per step and its duration when not on a terminal', () => {
    let now = 0;
    const io = recordingIo(false);
    const p = new Progress(io, () => now);
    p.step('one');
    now = 1500;
    p.step('two');
    now = 1750;
    p.finish(true);
    assert.equal(io.text(), '… one\n✓ one (1.5 s)\n… two\n✗ two (0.3 s)\n');
  });

  it('redraws one line in place on a terminal', async () => {
    const io = recordingIo(true);
    const p = new Progress(io);
    p.step('waiting');
    await new Promise((r) => setTimeout(r, 250));
    p.finish();
    assert.ok(io.text().split('\r\x1b[2K').length >= 3, JSON.stringify(io.text()));
    assert.match(io.text(), /\r\x1b\[2K✓ waiting \(0\.\d s\)\n$/);
  });

  it('shows a set-up script\'s steps, and on failure its output and one error', async () => {
    const good = path.join(dir, 'good.sh');
    writeFileSync(good, 'echo "[setup] fetching things" >&2\necho noise\necho "[setup] building" >&2\necho "[setup] ready" >&2\n');
    const io = recordingIo(false);
    await runSetup(io, good);
    assert.deepEqual(io.text().split('\n').filter((l) => l.startsWith('…')),
                     ['… set-up: checking packages and builds', '… set-up: fetching things', '… set-up: building']);
    assert.doesNotMatch(io.text(), /noise/);
    const bad = path.join(dir, 'bad.sh');
    writeFileSync(bad, 'echo "[setup] building" >&2\necho "cc: error: no such file" >&2\nexit 3\n');
    const failing = recordingIo(false);
    await assert.rejects(runSetup(failing, bad), (e: unknown) => e instanceof Failure && /exited with 3/.test(e.message));
    assert.match(failing.text(), /✗ set-up: building .*\n {2}cc: error: no such file\n/);
  });
});

describe('tsproxylib run: the main job', () => {
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  });

  it('starts Envoy with the filter and the policy, shows the live view, stops cleanly on Ctrl-C', async () => {
    let output = '';
    child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/tsproxylib.mjs'), 'run', '--no-setup', '--listen', '0', '--admin', '0', '--interval', '50'],
                  { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    await waitFor('the banner', () => /^ {2}envoy {7}pid \d+, listening on 127\.0\.0\.1:\d+/m.test(output) || undefined, 120_000, 100);
    assert.match(output, /^… starting Envoy, the upstream and the clients\n✓ starting Envoy, the upstream and the clients \(\d+\.\d s\)$/m);
    await waitFor('allowed and denied requests', () =>
      /requests allowed [1-9]\d* denied [1-9]/.test(output) || undefined, 60_000, 100);
    assert.match(output, /^ {2}access {2}Denied /m);
    // Ctrl-C as a terminal sends it: to the whole process group.
    process.kill(-child.pid!, 'SIGINT');
    assert.equal(await exited, 0, output.slice(-3000));
    assert.match(output, /stopped cleanly: Envoy exited with code 0/);
  });
});
