/**
 * CQL lexical analysis, as Cassandra's lexer does it, to the extent a policy decision needs:
 *
 *   whitespace   ' ' \t \n \r
 *   comments     -- … end of line | // … end of line | /* … *\/   (skipped)
 *   string       '…' with '' as a quote | $$…$$                  (one token; contents never read as words)
 *   quoted name  "…" with "" as a quote                          (case kept)
 *   word         [A-Za-z][A-Za-z0-9_]*                            (case-insensitive: kept lower-cased)
 *   number       [0-9]+ (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 *   punctuation  any other printable ASCII character, one per token
 *
 * Anything else outside a string, quoted name or comment (control characters, non-ASCII), and an
 * unterminated string, quoted name or block comment, makes the text unreadable: the server would
 * reject it too, and a proxy that guessed could see different words from the server.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** word: lower-cased; quoted: the name with quotes removed; punct: the character; others: the raw text. */
  text: string;
}

/** The tokens of `query`, or null when it cannot be read (see above). */
export function tokenize(query: string): Token[] | null {
  const tokens: Token[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    const c = query.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else if ((c === 0x2d && query.charCodeAt(i + 1) === 0x2d) || (c === 0x2f && query.charCodeAt(i + 1) === 0x2f)) {
      i = lineEnd(query, i + 2);
    } else if (c === 0x2f && query.charCodeAt(i + 1) === 0x2a) {
      const close = query.indexOf('*/', i + 2);
      if (close < 0) return null;
      i = close + 2;
    } else if (c === 0x27) {
      const end = quotedEnd(query, i, "'");
      if (end < 0) return null;
      tokens.push({ kind: 'string', text: query.slice(i, end) });
      i = end;
    } else if (c === 0x24 && query.charCodeAt(i + 1) === 0x24) {
      const close = query.indexOf('$$', i + 2);
      if (close < 0) return null;
      tokens.push({ kind: 'string', text: query.slice(i, close + 2) });
      i = close + 2;
    } else if (c === 0x22) {
      const end = quotedEnd(query, i, '"');
      if (end < 0) return null;
      tokens.push({ kind: 'quoted', text: query.slice(i + 1, end - 1).replaceAll('""', '"') });
      i = end;
    } else if (isLetter(c)) {
      const start = i;
      while (i < n && isWordChar(query.charCodeAt(i))) i++;
      tokens.push({ kind: 'word', text: query.slice(start, i).toLowerCase() });
    } else if (isDigit(c)) {
      const start = i;
      i = numberEnd(query, i);
      tokens.push({ kind: 'number', text: query.slice(start, i) });
    } else if (c > 0x20 && c < 0x7f) {
      tokens.push({ kind: 'punct', text: query[i] });
      i++;
    } else {
      return null;
    }
  }
  return tokens;
}

/** Index just past the line that starts at `from` (its newline included), or the end of the text. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i + 1;
  }
  return text.length;
}

/** Index just past the quoted run that opens at `start`, where a doubled quote stands for one; -1 if unterminated. */
function quotedEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close < 0) return -1;
    if (text[close + 1] !== quote) return close + 1;
    i = close + 2;
  }
}

function numberEnd(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text.charCodeAt(j))) {
      i = j;
      while (isDigit(text.charCodeAt(i))) i++;
    }
  }
  return i;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 0x5f;
}
