/**
 * Cilium's NPDS reconnect schedule: exponential from 100 ms with factor 2, capped at 10 s. The attempt
 * counter is incremented before the delay is computed, so the first wait after a failure is 200 ms; a
 * run that ended cleanly starts the schedule again.
 */
export interface BackoffSchedule {
  minMs: number;
  maxMs: number;
  factor: number;
}

export const NPDS_BACKOFF: BackoffSchedule = { minMs: 100, maxMs: 10_000, factor: 2 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly schedule: BackoffSchedule = NPDS_BACKOFF) {}

  /** The wait before the next attempt. */
  next(): number {
    this.attempt++;
    const { minMs, maxMs, factor } = this.schedule;
    return Math.min(maxMs, minMs * factor ** this.attempt);
  }

  reset(): void {
    this.attempt = 0;
  }
}
