import type { Io } from './command.ts';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows which step of a long piece of work is running and for how long: a spinner redrawn in place on a
 * terminal, one line per step otherwise (a log or CI keeps a readable record). Finished steps stay on
 * screen with their duration.
 */
export class Progress {
  private label: string | null = null;
  private started = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly io: Io, private readonly now: () => number = Date.now) {}

  /** Ends the current step (if any) and starts the next. */
  step(label: string): void {
    this.finish();
    this.label = label;
    this.started = this.now();
    if (this.io.interactive) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 100);
    } else {
      this.io.err(`… ${label}\n`);
    }
  }

  /** Ends the current step, marking it done (or failed). */
  finish(failed = false): void {
    if (this.label === null) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const line = `${failed ? '✗' : '✓'} ${this.label} (${this.elapsed()})`;
    this.io.err(this.io.interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
    this.label = null;
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    this.io.err(`\r\x1b[2K${FRAMES[this.frame]} ${this.label} (${this.elapsed()})`);
  }

  private elapsed(): string {
    return `${((this.now() - this.started) / 1000).toFixed(1)} s`;
  }
}
