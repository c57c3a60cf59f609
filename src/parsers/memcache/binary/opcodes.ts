/** Binary opcodes with a meaning for reply matching. */
export const OPCODE_NOOP = 0x0a;
export const OPCODE_STAT = 0x10;
/** QUITQ: the server closes without a word. */
export const OPCODE_QUITQ = 0x17;

/**
 * Quiet opcodes: the server leaves out the usual reply (a get miss, a successful store or delete) and
 * answers only what the client must know. Clients end such a batch with a NOOP (or a loud request).
 */
const QUIET = new Set([
  0x09, 0x0d, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1e, 0x24,
  0x32, 0x34, 0x36, 0x38, 0x3a, 0x3c,
]);

export function isQuiet(opcode: number): boolean {
  return QUIET.has(opcode);
}
