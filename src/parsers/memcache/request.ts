/**
 * A memcached request as the rules see it, in either dialect. Keys are byte strings (latin1: one char
 * per byte), as they travel on the wire.
 */
export interface MemcacheRequest {
  /**
   * Text dialect: the command the rules check group membership with. Meta commands map to the classic
   * command they perform (`ms … MA` is `add`, `ma … MD` is `decr`). Null in the binary dialect.
   */
  readonly command: string | null;
  /** Binary dialect: the opcode; -1 in the text dialect. */
  readonly opcode: number;
  /** The keys the request touches (text keyless commands have none; a binary request always has one). */
  readonly keys: readonly string[];
}
