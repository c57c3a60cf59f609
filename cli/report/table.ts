import type { FrameRow } from './frame-row.ts';

const COLUMNS = ['direction', 'bytes', 'verdict', 'expected', 'ok'] as const;
/** Long verdicts are cut in the table (the JSON output keeps them whole). */
const MAX_CELL = 100;

const cut = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);

/** A plain-text table, one block per group, columns padded to their widest cell. */
export function formatTable(rows: readonly FrameRow[], withExpected = true): string {
  const columns = COLUMNS.filter((c) => withExpected || c !== 'expected');
  const cell = (r: FrameRow, c: typeof COLUMNS[number]) => {
    if (c === 'ok') return r.ok ? 'ok' : 'FAIL';
    // A check between calls (connect, policy, log entry) has no bytes of its own.
    if (c === 'bytes' && r.direction === '') return '';
    return cut(String(r[c]));
  };
  const cells = rows.map((r) => columns.map((c) => cell(r, c)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out: string[] = [];
  let group: string | null = null;
  rows.forEach((r, i) => {
    if (r.group !== group) {
      group = r.group;
      out.push('', `${group}`, `  ${line(columns)}`);
    }
    out.push(`  ${line(cells[i]!)}`);
  });
  return `${out.join('\n')}\n`;
}
