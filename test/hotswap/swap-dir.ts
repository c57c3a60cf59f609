/** The files of a hot-swap run: the bundle file the library watches, its admin socket and a policy file. */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class SwapDir {
  readonly dir: string;
  readonly bundleFile: string;
  readonly adminSocket: string;
  readonly policyFile: string;

  constructor(prefix: string) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    this.bundleFile = path.join(this.dir, 'parsers.cjs');
    this.adminSocket = path.join(this.dir, 'admin.sock');
    this.policyFile = path.join(this.dir, 'policy.json');
  }

  /** Replaces the bundle file in one step (write aside, rename), as `tsproxylib build` does. */
  install(source: string | Uint8Array): void {
    const staged = `${this.bundleFile}.staged`;
    writeFileSync(staged, source);
    renameSync(staged, this.bundleFile);
  }

  writePolicy(resources: unknown[]): void {
    writeFileSync(this.policyFile, JSON.stringify(resources));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
