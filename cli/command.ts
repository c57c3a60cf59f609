/** What every command module exports, and what it is handed. */
export interface Io {
  /** Normal output (tables, JSON). */
  out(text: string): void;
  /** Progress and diagnostics, kept apart so `--json` output stays parseable. */
  err(text: string): void;
  /** Whether stderr is a terminal (progress may redraw a line only then). */
  readonly interactive: boolean;
}

export interface Command {
  /** The text `--help` prints, usage line first. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[], io: Io): Promise<number>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};
