// The command line's conventions: usage, --help per command, one-line errors and exit codes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../cli/command-table.ts';
import { runCli } from './run-cli.ts';

describe('tsproxylib', () => {
  it('lists its commands, and exits 2 without one', () => {
    const r = runCli([]);
    assert.equal(r.code, 2);
    for (const name of Object.keys(COMMANDS)) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
  });

  it('prints --help for every available command', () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      if (!entry.load) continue;
      const r = runCli([name, '--help']);
      assert.equal(r.code, 0, name);
      assert.match(r.stdout, new RegExp(`^usage: tsproxylib ${name}`), name);
    }
  });

  it('answers an unknown command or option with one line and exit code 2', () => {
    for (const args of [['frobnicate'], ['new', 'x', '--frob']]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, /^tsproxylib: /);
    }
  });

  it('says in one line when no library listens on the admin socket (exit code 1)', () => {
    for (const cmd of ['reload', 'status']) {
      const r = runCli([cmd, '--admin-socket', '/nonexistent/admin.sock']);
      assert.equal(r.code, 1, cmd);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, new RegExp(`^tsproxylib: ${cmd}: nothing listens on the admin socket /nonexistent/admin.sock: is Envoy running with the admin-socket parameter set to it\\?`));
    }
  });

  it('runs through the bin file too', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['bin/tsproxylib.mjs', '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: tsproxylib <command>/);
  });
});
