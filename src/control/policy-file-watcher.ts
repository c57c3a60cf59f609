import { parsePolicyText } from '../policy/local-file.ts';
import { WatchedFile } from './watched-file.ts';

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
 * The `policy-file` parameter at run time: loads the file, then reloads it whenever its text changes
 * (watched-file.ts). A file that does not parse or validate is rejected with an error naming it, and
 * the policy in force stays.
 */
export class PolicyFileWatcher {
  private readonly watched: WatchedFile;

  constructor(options: PolicyFileWatcherOptions) {
    const { file, print } = options;
    this.watched = new WatchedFile({
      file,
      what: 'policy file',
      pollMs: options.pollMs,
      settleMs: options.settleMs,
      print,
      unreadable: (code, initial) => {
        print(3, `policy file ${file}: cannot read it (${code}); ${initial ? 'every connection is denied' : 'keeping the policy in force'}`);
      },
      changed: (text, initial) => {
        try {
          const resources = parsePolicyText(file, text);
          options.apply(resources);
          print(1, `policy file ${file}: ${initial ? 'loaded' : 'reloaded'} (${resources.length} resources)`);
          return true;
        } catch (e) {
          const why = (e instanceof Error ? e.message : String(e)).replace(`policy file ${file}: `, '');
          print(3, `policy file ${file} rejected, ${initial ? 'every connection is denied' : 'the previous policy stays in force'}: ${why}`);
          return false;
        }
      },
    });
  }

  /** Loads the file now and starts watching it. Returns whether the initial load was accepted. */
  start(): boolean {
    return this.watched.start();
  }

  close(): void {
    this.watched.close();
  }
}
