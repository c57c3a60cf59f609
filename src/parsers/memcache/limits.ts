/** Bounds on what one memcache connection may make the proxy hold or believe. */
export interface MemcacheLimits {
  /** Longest text line, LF included (a request line, a reply line); longer closes the connection. */
  maxLineBytes: number;
  /**
   * Largest text data block (`set … <bytes>`, `VALUE … <bytes>`, `ms <key> <bytes>`). Data blocks are
   * passed through, never buffered; the bound keeps lengths sane (memcached's own items stop at 1 GiB).
   */
  maxValueBytes: number;
  /** Largest binary body (the header's total body length). */
  maxBodyBytes: number;
  /** Most requests, denials and barriers waiting for replies; one more closes the connection. */
  maxPending: number;
}

export const DEFAULT_MEMCACHE_LIMITS: Readonly<MemcacheLimits> = Object.freeze({
  maxLineBytes: 256 * 1024,
  maxValueBytes: 1024 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024 * 1024 + 64 * 1024,
  maxPending: 65536,
});
