/** How bytes appear in verdicts: printable text quoted with escapes, anything else as hex. */
export function showBytes(bytes: Uint8Array): string {
  const printable = bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09);
  if (!printable) return `0x${Buffer.from(bytes).toString('hex')}`;
  return JSON.stringify(Buffer.from(bytes).toString('latin1'));
}

export const fromHex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
