/**
 * memcached's tokenizer: tokens are separated by runs of spaces (0x20) only; a tab or any other byte is
 * part of a token. The line is a latin1 string, one char per byte.
 */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) === 0x20) {
      if (start >= 0) tokens.push(line.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) tokens.push(line.slice(start));
  return tokens;
}
