import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { parsePolicyText } from '../policy/local-file.ts';

export interface PolicyFileWatcherOptions {
  file: string;
  /** Puts the file's resources in force, all or nothing; throws with the reason to reject them. */
  apply(resources: unknown[]): void;
  print(level: number, message: string): void;
  /** How often the file is checked even when no change notification arrives. Default 1000 ms. */
  pollMs?: number;
  /** Quiet time after a change notification before the file is read (editors write in steps). Default 50 ms. */
  settleMs?: number;
}

/**
 * The `policy-file` parameter at run time: loads the file, then reloads it whenever it changes. A
 * change is noticed through fs.watch on the file's directory (which also sees a file replaced by
 * rename, as editors and Kubernetes ConfigMap volumes do) and, as a fallback for file systems without
 * notifications, by a periodic stat. A reload applies only when the text changed; a file that does
 * not parse or validate is rejected with an error naming it, and the policy in force stays.
 */
export class PolicyFileWatcher {
  private watcher: FSWatcher | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private settle: ReturnType<typeof setTimeout> | null = null;
  /** What the last read saw: the file's identity and text (null before the first read or when missing). */
  private stamp = '';
  private text: string | null = null;
  private closed = false;

  constructor(private readonly options: PolicyFileWatcherOptions) {}

  /** Loads the file now and starts watching it. Returns whether the initial load was accepted. */
  start(): boolean {
    const accepted = this.check(true);
    const { file, pollMs = 1000 } = this.options;
    try {
      const base = path.basename(file);
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === base || String(name) === base) this.changed();
      });
      this.watcher.on('error', () => this.stopWatching());
    } catch (e) {
      this.options.print(2, `policy file ${file}: change notifications unavailable, polling only (${(e as Error).message})`);
    }
    this.poll = setInterval(() => this.check(false), pollMs);
    this.poll.unref?.();
    return accepted;
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
    if (this.poll !== null) clearInterval(this.poll);
    if (this.settle !== null) clearTimeout(this.settle);
    this.poll = null;
    this.settle = null;
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  private changed(): void {
    if (this.closed) return;
    if (this.settle !== null) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = null;
      this.check(false);
    }, this.options.settleMs ?? 50);
    this.settle.unref?.();
  }

  /** Reads the file if it may have changed; applies a changed text. Returns whether it is accepted now. */
  private check(initial: boolean): boolean {
    if (this.closed) return false;
    const { file, print } = this.options;
    const stamp = stampOf(file);
    if (!initial && stamp === this.stamp) return true;
    this.stamp = stamp;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (initial || this.text !== null) {
        print(3, `policy file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)}); ${initial ? 'every connection is denied' : 'keeping the policy in force'}`);
      }
      this.text = null;
      return false;
    }
    if (!initial && text === this.text) return true;
    this.text = text;
    try {
      const resources = parsePolicyText(file, text);
      this.options.apply(resources);
      print(1, `policy file ${file}: ${initial ? 'loaded' : 'reloaded'} (${resources.length} resources)`);
      return true;
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).replace(`policy file ${file}: `, '');
      print(3, `policy file ${file} rejected, ${initial ? 'every connection is denied' : 'the previous policy stays in force'}: ${why}`);
      return false;
    }
  }
}

/** Identity and version of the file as stat sees it; '' when it cannot be stat'ed. */
function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return '';
  }
}
