import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IsolateReport } from '../framework/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { BundlePublisher, type PublishOutcome } from './bundle-publisher.ts';
import { WatchedFile } from './watched-file.ts';

/** An isolate's state for one bundle version, as `tsproxylib reload` prints it. */
export type IsolateState = IsolateReport & { state: 'loaded' | 'failed' | 'pending' };

export type ReloadAnswer = PublishOutcome & { isolates?: IsolateState[] };

export interface ReloadRequest {
  /** Another bundle file to load (and watch from now on); default: the one in force. */
  path?: string;
  /** Publish even when the text is the one in force. */
  force?: boolean;
  /** How long to wait for the worker isolates to report. Default 2000 ms. */
  waitMs?: number;
}

/**
 * The process's parser bundle (the `parser-bundle` parameter; one per process, since every isolate
 * serves one set of parsers): watches the file and publishes each changed text, and serves the
 * admin socket's `reload`. Worker isolates load a new version at their next call, so `reload` waits
 * a bounded time for their reports; one that gets no call meanwhile is reported as pending.
 */
export class BundleService {
  private readonly publisher: BundlePublisher;
  private watched: WatchedFile | null = null;
  private file = '';

  constructor(private readonly runtime: Runtime, instanceIds: () => Iterable<number>) {
    this.publisher = new BundlePublisher(runtime, instanceIds);
  }

  get watchedFile(): string {
    return this.file;
  }

  get state(): BundlePublisher['state'] {
    return this.publisher.state;
  }

  /** Loads `file` now and follows its changes. Returns whether the first load was accepted. */
  watch(file: string): boolean {
    this.watched?.close();
    this.file = path.resolve(file);
    const print = (level: number, message: string) => this.runtime.bridge.print(level, message);
    this.watched = new WatchedFile({
      file: this.file,
      what: 'parser bundle',
      print,
      unreadable: (code) => print(3, `parser bundle ${this.file}: cannot read it (${code}); version ${this.publisher.state.seq} keeps serving`),
      changed: (text) => this.publisher.publish(this.file, text).ok,
    });
    return this.watched.start();
  }

  close(): void {
    this.watched?.close();
    this.watched = null;
  }

  /** The admin socket's `reload`: publishes the file's current text and waits for the workers. */
  async reload(request: ReloadRequest): Promise<ReloadAnswer> {
    const file = request.path !== undefined && request.path !== '' ? path.resolve(request.path) : this.file;
    const seq = this.publisher.state.seq;
    if (file === '') return { ok: false, seq, error: 'no parser bundle is configured: pass the bundle file to load' };
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return { ok: false, seq, error: `parser bundle ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
    const outcome = this.publisher.publish(file, text, request.force === true);
    if (!outcome.ok) return outcome;
    if (file !== this.file) this.watch(file);
    return { ...outcome, isolates: await this.waitForIsolates(outcome.seq, request.waitMs ?? 2000) };
  }

  /** Every isolate's state for version `seq`, once all workers reported or `waitMs` passed. */
  async waitForIsolates(seq: number, waitMs: number): Promise<IsolateState[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const states = this.isolates(seq);
      if (states.every((s) => s.state !== 'pending') || Date.now() >= deadline) return states;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  isolates(seq = this.publisher.state.seq): IsolateState[] {
    return this.runtime.bridge.isolates().map((report) => ({
      ...report,
      state: report.bundleSeq >= seq ? 'loaded' : report.failedSeq >= seq ? 'failed' : 'pending',
    }));
  }
}
