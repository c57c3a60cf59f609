import { tokenize, type Token } from './tokenizer.ts';

/**
 * What a CQL statement does, for policy: an action name (Cilium's query_action vocabulary, e.g.
 * `select`, `create-table`, `list-roles`) and the object it acts on. Works on tokens, so string
 * literals, quoted names and comments can never be mistaken for keywords or table names.
 */
export interface TableName {
  /** Null when the query leaves it to the connection's current keyspace. */
  keyspace: string | null;
  name: string;
}

export interface Statement {
  action: string;
  /** The table a table-level statement reads or changes. */
  table?: TableName;
  /** The keyspace a keyspace-level statement (use, create/alter/drop-keyspace) names. */
  keyspace?: string;
}

/**
 * The statements of one query string: one, or the inner statements of a `BEGIN … BATCH … APPLY BATCH`.
 * Null when the text is not one statement we understand (unreadable, unknown, or several statements):
 * such a query can only be allowed by a policy with no L7 rules.
 */
export function parseQuery(query: string): Statement[] | null {
  const tokens = tokenize(query);
  if (tokens === null) return null;
  let end = tokens.length;
  while (end > 0 && isPunct(tokens[end - 1], ';')) end--;
  if (end === 0) return null;
  if (wordAt(tokens, 0) === 'begin') return parseBatch(tokens, end);
  for (let i = 0; i < end; i++) if (isPunct(tokens[i], ';')) return null;
  const statement = parseStatement(tokens, 0, end);
  return statement === null ? null : [statement];
}

/** Statements a text batch may hold. */
const BATCH_VERBS = new Set(['insert', 'update', 'delete']);

/** BEGIN [UNLOGGED | COUNTER] BATCH [USING TIMESTAMP t] (statement [;])* APPLY BATCH */
function parseBatch(tokens: Token[], end: number): Statement[] | null {
  if (wordAt(tokens, end - 2) !== 'apply' || wordAt(tokens, end - 1) !== 'batch') return null;
  const bodyEnd = end - 2;
  let i = 1;
  if (wordAt(tokens, i) === 'unlogged' || wordAt(tokens, i) === 'counter') i++;
  if (wordAt(tokens, i) !== 'batch') return null;
  i++;
  if (wordAt(tokens, i) === 'using') {
    while (i < bodyEnd && !BATCH_VERBS.has(wordAt(tokens, i) ?? '')) i++;
  }
  const statements: Statement[] = [];
  while (i < bodyEnd) {
    if (isPunct(tokens[i], ';')) {
      i++;
      continue;
    }
    if (!BATCH_VERBS.has(wordAt(tokens, i) ?? '')) return null;
    let next = i + 1;
    while (next < bodyEnd && !isPunct(tokens[next], ';') && !BATCH_VERBS.has(wordAt(tokens, next) ?? '')) next++;
    const statement = parseStatement(tokens, i, next);
    if (statement === null) return null;
    statements.push(statement);
    i = next;
  }
  return statements.length === 0 ? null : statements;
}

/** Object kinds whose statements carry no table or keyspace for policy (Cilium's no-table actions). */
const OTHER_OBJECTS = new Set(['role', 'user', 'function', 'aggregate', 'type', 'trigger', 'index']);

/** One statement in tokens[start, end), or null. */
function parseStatement(tokens: Token[], start: number, end: number): Statement | null {
  const t = new Cursor(tokens, start, end);
  const verb = t.word();
  switch (verb) {
    case 'select':
    case 'delete': {
      if (!t.skipToWord('from')) return null;
      return tableStatement(verb, t);
    }
    case 'insert':
      return t.word() === 'into' ? tableStatement('insert', t) : null;
    case 'update':
      return tableStatement('update', t);
    case 'use': {
      const keyspace = t.name();
      return keyspace === null || !t.atEnd() ? null : { action: 'use', keyspace };
    }
    case 'truncate':
      if (t.peekWord() === 'table' || t.peekWord() === 'columnfamily') t.skip();
      return tableStatement('truncate-table', t);
    case 'create':
    case 'alter':
    case 'drop':
      return schemaStatement(verb, t);
    case 'grant':
    case 'revoke':
      // GRANT role TO role names roles only; GRANT permission ON resource TO role has an ON.
      return { action: `${verb}-${t.hasWord('on') ? 'permission' : 'role'}` };
    case 'list': {
      const what = t.word();
      if (what === 'roles' || what === 'users') return { action: `list-${what}` };
      return what === null ? null : { action: 'list-permissions' };
    }
    default:
      return null;
  }
}

/** CREATE / ALTER / DROP of a table, keyspace, view or other schema object. */
function schemaStatement(verb: 'create' | 'alter' | 'drop', t: Cursor): Statement | null {
  let object = t.word();
  if (verb === 'create' && object === 'or') {
    if (t.word() !== 'replace') return null;
    object = t.word();
    if (object !== 'function' && object !== 'aggregate') return null;
  }
  if (verb === 'create' && object === 'custom') object = t.word() === 'index' ? 'index' : null;
  switch (object) {
    case 'table':
    case 'columnfamily':
      t.skipIfExists();
      return tableStatement(`${verb}-table`, t);
    case 'keyspace':
    case 'schema': {
      t.skipIfExists();
      const keyspace = t.name();
      return keyspace === null ? null : { action: `${verb}-keyspace`, keyspace };
    }
    case 'materialized':
      return t.word() === 'view' ? { action: `${verb}-materialized-view` } : null;
    default:
      return object !== null && OTHER_OBJECTS.has(object) ? { action: `${verb}-${object}` } : null;
  }
}

function tableStatement(action: string, t: Cursor): Statement | null {
  const table = t.tableName();
  return table === null ? null : { action, table };
}

/** Reads tokens[start, end) front to back. */
class Cursor {
  constructor(private readonly tokens: Token[], private i: number, private readonly end: number) {}

  atEnd(): boolean {
    return this.i >= this.end;
  }

  skip(): void {
    this.i++;
  }

  peekWord(): string | null {
    return this.i < this.end ? wordAt(this.tokens, this.i) : null;
  }

  word(): string | null {
    const w = this.peekWord();
    if (w !== null) this.i++;
    return w;
  }

  /** A name: a word (lower-cased, as Cassandra folds unquoted names) or a quoted name (kept as is). */
  name(): string | null {
    if (this.i >= this.end) return null;
    const token = this.tokens[this.i];
    if (token.kind !== 'word' && token.kind !== 'quoted') return null;
    this.i++;
    return token.text;
  }

  /** [keyspace .] table */
  tableName(): TableName | null {
    const first = this.name();
    if (first === null) return null;
    if (this.i < this.end && isPunct(this.tokens[this.i], '.')) {
      this.i++;
      const second = this.name();
      return second === null ? null : { keyspace: first, name: second };
    }
    return { keyspace: null, name: first };
  }

  /** IF EXISTS | IF NOT EXISTS */
  skipIfExists(): void {
    if (this.peekWord() !== 'if') return;
    const at = this.i;
    this.i++;
    if (this.peekWord() === 'not') this.i++;
    if (this.word() !== 'exists') this.i = at;
  }

  /** Moves past the first `word` keyword; false when there is none. */
  skipToWord(word: string): boolean {
    while (this.i < this.end) {
      if (wordAt(this.tokens, this.i++) === word) return true;
    }
    return false;
  }

  hasWord(word: string): boolean {
    for (let k = this.i; k < this.end; k++) if (wordAt(this.tokens, k) === word) return true;
    return false;
  }
}

function wordAt(tokens: Token[], i: number): string | null {
  const token = tokens[i];
  return token !== undefined && token.kind === 'word' ? token.text : null;
}

function isPunct(token: Token | undefined, c: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === c;
}
