/**
 * The README's run command for the main job through Envoy (scripts/run-envoy.sh), exactly as a user
 * runs it (its default: the memcache parser in front of a real memcached), on free ports: it starts
 * Envoy, memcached and clients, shows connections, verdicts both ways and access-log lines, and a
 * Ctrl-C (SIGINT to its whole process group, as a terminal sends it) stops everything cleanly. While it
 * runs, a parser bundle is swapped in through its admin socket, as `tsproxylib reload --bundle` does.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { adminRequest } from '../../src/control/admin-client.ts';
import { buildParserBundle } from './envoy/bundles/build.ts';
import { REPO_ROOT } from './envoy/paths.ts';
import { waitFor } from './envoy/wait.ts';

const STATUS = /^\[\s*\d+s\] connections open (\d+) opened (\d+) closed (\d+) rejected (\d+) parser-errors (\d+) \| requests allowed (\d+) denied (\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('scripts/run-envoy.sh', () => {
  let child: ChildProcess | undefined;
  let output = '';
  const lines = () => output.split('\n');
  after(() => {
    if (child && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  });

  test('starts Envoy, shows traffic and verdicts, swaps a parser bundle, stops cleanly on Ctrl-C', async () => {
    const adminSocket = path.join(mkdtempSync(path.join(os.tmpdir(), 'run-envoy-')), 'admin.sock');
    child = spawn('bash', [path.join(REPO_ROOT, 'scripts/run-envoy.sh'), '--listen-port', '0', '--admin-port', '0', '--interval', '50',
      '--admin-socket', adminSocket],
                  { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const envoyPid = await waitFor('the banner', () => {
      const m = /^ {2}envoy {7}pid (\d+), listening on 127\.0\.0\.1:\d+/m.exec(output);
      return m ? Number(m[1]) : undefined;
    }, 120_000, 100);
    assert.ok(alive(envoyPid), 'Envoy runs');
    const upstreamPid = Number(/^ {2}upstream {4}memcached on \S+ \(pid (\d+)\)$/m.exec(output)?.[1]);
    assert.ok(alive(upstreamPid), 'memcached runs');
    // Verdicts both ways, seen by the clients and in the access log, and connections counted.
    await waitFor('allowed and denied requests', () => lines().some((l) => {
      const m = STATUS.exec(l);
      return m !== null && Number(m[6]) >= 5 && Number(m[7]) >= 5 && Number(m[2]) >= 2;
    }), 60_000, 100);
    assert.ok(lines().some((l) => /^ {2}access {2}Request /.test(l)), 'Request entries in the access log');
    assert.ok(lines().some((l) => /^ {2}access {2}Denied /.test(l)), 'Denied entries in the access log');
    assert.ok(lines().some((l) => /^ {2}client 1 connected from 127\.0\.0\.1:\d+$/.test(l)), 'connections shown');

    // A memcache bundle goes live without a restart; traffic goes on with the same verdicts.
    const swapped = await adminRequest(adminSocket, { cmd: 'reload', path: await buildParserBundle('memcache-limits'), waitMs: 5000 });
    assert.equal(swapped.ok, true, JSON.stringify(swapped));
    assert.ok((swapped.parsers as string[]).includes('memcache'));
    const counts = () => {
      const m = lines().map((l) => STATUS.exec(l)).filter((x) => x !== null).at(-1)!;
      return { allowed: Number(m[6]), denied: Number(m[7]) };
    };
    const atSwap = counts();
    await waitFor('more verdicts of both kinds after the swap', () => {
      const now = counts();
      return now.allowed >= atSwap.allowed + 5 && now.denied >= atSwap.denied + 5;
    }, 60_000, 100);

    process.kill(-child.pid!, 'SIGINT');
    assert.equal(await exited, 0, output.slice(-3000));
    assert.match(output, /stopped cleanly: Envoy exited with code 0/);
    assert.ok(!output.includes('parser-errors 1'), 'no parser errors');
    // The last table of verdicts per kind of request matches what the policy says of each kind.
    const all = lines();
    const header = all.map((l) => l.trim()).lastIndexOf('allowed   denied  request                 policy');
    const rows = all.slice(header + 1).filter((l) => /^\s+\d+\s+\d+\s+\S/.test(l));
    assert.ok(header > 0 && rows.length >= 4, 'a table of requests');
    for (const row of rows) {
      const [allowed, denied] = row.trim().split(/\s+/).map(Number);
      const expectAllowed = /\ballowed: /.test(row);
      assert.ok(expectAllowed ? allowed! > 0 && denied === 0 : allowed === 0 && denied! > 0, row);
    }
    await waitFor('Envoy and memcached to be gone', () => !alive(envoyPid) && !alive(upstreamPid), 10_000);
  });
});
