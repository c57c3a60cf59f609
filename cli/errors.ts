/**
 * The two ways a command ends badly, each with its exit code: the command line was wrong (2: read
 * --help), or the work failed (1). The message is one line that says what to do.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export class Failure extends Error {
  readonly exitCode = 1;
}

/** The exit code of anything a command threw: its own for the two above, 1 for the unexpected. */
export function exitCodeOf(e: unknown): number {
  return e instanceof UsageError || e instanceof Failure ? e.exitCode : 1;
}
