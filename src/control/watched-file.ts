import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchedFileOptions {
  file: string;
  /** What the file is, for messages ("policy file", "parser bundle"). */
  what: string;
  /**
   * Called with the file's text at start and whenever the text changed (`initial` tells which).
   * Returns whether the text was accepted; a refused text is not offered again until it changes.
   */
  changed(text: string, initial: boolean): boolean;
  /** The file cannot be read (at start, or after it could be); `initial` as above. */
  unreadable(code: string, initial: boolean): void;
  print(level: number, message: string): void;
  /** How often the file is checked even when no change notification arrives. Default 1000 ms. */
  pollMs?: number;
  /** Quiet time after a change notification before the file is read (editors write in steps). Default 50 ms. */
  settleMs?: number;
}

/**
 * A file the control plane follows: read at start, then re-read whenever it may have changed. A change
 * is noticed through fs.watch on the file's directory (which also sees a file replaced by rename, as
 * editors, `tsproxylib build` and Kubernetes ConfigMap volumes do) and, as a fallback for file systems
 * without notifications, by a periodic stat. Only a changed text is handed on.
 */
export class WatchedFile {
  private watcher: FSWatcher | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private settle: ReturnType<typeof setTimeout> | null = null;
  /** What the last read saw: the file's identity and text (null before the first read or when missing). */
  private stamp = '';
  private text: string | null = null;
  private closed = false;

  constructor(private readonly options: WatchedFileOptions) {}

  /** Reads the file now and starts watching it. Returns whether the initial text was accepted. */
  start(): boolean {
    const accepted = this.check(true);
    const { file, pollMs = 1000 } = this.options;
    try {
      const base = path.basename(file);
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === base || String(name) === base) this.notified();
      });
      this.watcher.on('error', () => this.stopWatching());
    } catch (e) {
      this.options.print(2, `${this.options.what} ${file}: change notifications unavailable, polling only (${(e as Error).message})`);
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

  private notified(): void {
    if (this.closed) return;
    if (this.settle !== null) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = null;
      this.check(false);
    }, this.options.settleMs ?? 50);
    this.settle.unref?.();
  }

  /** Reads the file if it may have changed; hands on a changed text. Returns whether it is accepted now. */
  private check(initial: boolean): boolean {
    if (this.closed) return false;
    const { file } = this.options;
    const stamp = stampOf(file);
    if (!initial && stamp === this.stamp) return true;
    this.stamp = stamp;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (initial || this.text !== null) this.options.unreadable((e as NodeJS.ErrnoException).code ?? String(e), initial);
      this.text = null;
      return false;
    }
    if (!initial && text === this.text) return true;
    this.text = text;
    return this.options.changed(text, initial);
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
