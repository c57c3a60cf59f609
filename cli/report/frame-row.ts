/** One line of a verdict table: what a parser decided for one call, or for one check after it. */
export interface FrameRow {
  /** Where it belongs: a vector case name, or a stream. */
  group: string;
  /** 'request' (client → server), 'reply', or '' for a check that is not a call. */
  direction: 'request' | 'reply' | '';
  /** Input bytes the call saw (0 for a check). */
  bytes: number;
  /** What happened: ops, result, injected bytes, log entries. */
  verdict: string;
  /** What was expected ('' where nothing is: a capture has no expectations). */
  expected: string;
  ok: boolean;
}

export interface Summary {
  groups: number;
  frames: number;
  failed: number;
}

export function summarize(rows: readonly FrameRow[]): Summary {
  return { groups: new Set(rows.map((r) => r.group)).size, frames: rows.length, failed: rows.filter((r) => !r.ok).length };
}
