import { createRequire } from 'node:module';
import { RE2JS } from 're2js';
import { compileRegex } from '../policy/regex.ts';

/** One measured cell: an engine matching one pattern against one input. */
export interface RegexBenchRow {
  case: string;
  engine: string;
  nsPerMatch: number;
  matched: boolean;
}

interface NativeRegex {
  test(text: string): boolean;
  testBytes(bytes: Uint8Array): boolean;
}

/** Patterns and inputs shaped like what policy rules see: keys, paths, header lines, a body. */
const CASES: Array<{ name: string; pattern: string; input: string }> = [
  { name: 'memcache key ^.el.o$ on "Hello"', pattern: '^.el.o$', input: 'Hello' },
  { name: 'r2d2 file regex on a 33-byte path', pattern: 'file[0-9]+\\.txt', input: 'some/long/path/to/the/file123.txt' },
  { name: 'anchored API path, 19 bytes', pattern: '^/api/v[0-9]+/users/[a-z]+$', input: '/api/v1/users/alice' },
  { name: 'header line, 200 bytes, no match', pattern: '(?i)x-secret-[a-z]+: *token', input: 'x-forwarded-for: ' + '10.0.0.1, '.repeat(18) },
  { name: '4 KiB body, match at the end', pattern: 'DROP TABLE [a-z_]+;', input: 'select * from t where a = 1 and '.repeat(128) + 'DROP TABLE users;' },
  { name: 'pathological (a+)+b on 30 a + c', pattern: '(a+)+b', input: 'a'.repeat(30) + 'c' },
];

/**
 * Measures re2js (raw, and through the policy wrapper) and, when `nativePath` names the RE2 addon
 * (build/Release/tsproxylib_re2.node), Debian's RE2 through N-API, in whatever runtime runs this:
 * plain Node for bench/regex.ts, the embedded Node 18 isolate through the test bundle's `benchRegex`
 * control command. Each cell runs for about `msPerCell` after a warm-up.
 */
export function benchRegexEngines(nativePath = '', msPerCell = 150): RegexBenchRow[] {
  const Native = nativePath === '' ? null
    : (createRequire(nativePath)(nativePath) as { Regex: new (p: string) => NativeRegex }).Regex;
  const rows: RegexBenchRow[] = [];
  for (const c of CASES) {
    const bytes = new TextEncoder().encode(c.input);
    const re2js = RE2JS.compile(c.pattern);
    const wrapped = compileRegex(c.pattern);
    const engines: Array<[string, () => boolean]> = [
      ['policy wrapper (re2js), string', () => wrapped.test(c.input)],
      ['policy wrapper (re2js), UTF-8 bytes', () => wrapped.testBytes(bytes)],
      ['re2js matcher().find()', () => re2js.matcher(c.input).find()],
      ['re2js test()', () => re2js.test(c.input)],
    ];
    if (Native !== null) {
      const native = new Native(c.pattern);
      engines.push(['RE2 (libre2, N-API), string', () => native.test(c.input)]);
      engines.push(['RE2 (libre2, N-API), bytes', () => native.testBytes(bytes)]);
    }
    for (const [engine, run] of engines) rows.push({ case: c.name, engine, ...time(run, msPerCell) });
  }
  return rows;
}

function time(run: () => boolean, ms: number): { nsPerMatch: number; matched: boolean } {
  let matched = false;
  for (let i = 0; i < 2000; i++) matched = run();
  // Batches of a fixed size keep the clock out of the measured loop.
  let batch = 1000;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let n = 0;
  for (;;) {
    for (let i = 0; i < batch; i++) run();
    n += batch;
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= budget) return { nsPerMatch: Number(elapsed) / n, matched };
    batch = Math.min(batch * 2, 100_000);
  }
}
