// The README's run command (its main job, scripts/demo.ts): traffic flows, verdicts and access-log
// lines are shown, and Ctrl-C stops it cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return { child, exited: exited.finally(() => clearTimeout(timer)), output: () => out };
}

describe('npm start (scripts/demo.ts)', () => {
  it('shows allowed and denied requests and their access-log entries', async () => {
    const run = start(['--rounds', '1', '--interval', '10']);
    assert.equal(await run.exited, 0, run.output());
    const out = run.output();
    assert.match(out, /"GET \/index.html" → passed to upstream "GET \/index.html\\n"/);
    assert.match(out, /"DELETE \/index.html" → dropped; client told "Line dropped: DELETE \/index.html\\n"/);
    assert.match(out, /access log: Denied 10\.0\.0\.9:\d+ → 10\.0\.0\.9:80 test\.headerparser \{"status":"DROP"\}/);
    assert.match(out, /stopped cleanly/);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const run = start(['--interval', '50']);
    while (!/connection 2 from/.test(run.output())) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /stopped cleanly/);
  });
});
