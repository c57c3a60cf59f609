import type { DecodedLogEntry } from '../../src/accesslog/entry.ts';
import type { VectorCase } from '../../test/abi/run-vectors.ts';
import type { FrameRow } from '../report/frame-row.ts';

/** An entry as the table shows it: type, then the L7 fields that identify the request. */
export function describeEntry(e: DecodedLogEntry): string {
  if (e.genericL7) return `${e.entryType} ${e.genericL7.proto} ${JSON.stringify(e.genericL7.fields)}`;
  if (e.kafka) return `${e.entryType} kafka api ${e.kafka.apiKey}/${e.kafka.apiVersion} topics ${JSON.stringify([...e.kafka.topics ?? []].sort())}`;
  return e.entryType;
}

/** The same text for an entry the vector expects (snake_case, as the anchor writes it). */
function describeExpected(want: any, got: DecodedLogEntry | undefined): string {
  const l7 = want.l7?.generic_l7;
  if (l7) {
    // Go formats a panic value its own way; ours names the JS error. Only the "Panic: " part must agree.
    const panic = typeof l7.fields.status === 'string' && l7.fields.status.startsWith('Panic: ') &&
      got?.genericL7?.fields.status?.startsWith('Panic: ');
    const fields = panic ? { ...l7.fields, status: got!.genericL7!.fields.status } : l7.fields;
    return `${want.entry_type} ${l7.proto} ${JSON.stringify(fields)}`;
  }
  const k = want.l7?.kafka;
  if (k) return `${want.entry_type} kafka api ${k.api_key}/${k.api_version} topics ${JSON.stringify([...k.topics ?? []].sort())}`;
  return want.entry_type;
}

/** One row per expected or actual access-log entry, in order, plus Cilium's pass/drop counts if the case has them. */
export function checkAccessLog(c: VectorCase, entries: readonly DecodedLogEntry[], group: string): FrameRow[] {
  const rows: FrameRow[] = [];
  const expected: any[] = c.derived_access_log ?? [];
  if (c.expect_access_log) {
    const drops = entries.filter((e) => e.entryType === 'Denied').length;
    const verdict = `log counts: ${entries.length - drops} passes, ${drops} drops`;
    const want = `log counts: ${c.expect_access_log.passes} passes, ${c.expect_access_log.drops} drops`;
    rows.push({ group, direction: '', bytes: 0, verdict, expected: want, ok: verdict === want });
  }
  for (let i = 0; i < Math.max(expected.length, entries.length); i++) {
    const got = entries[i];
    const verdict = got ? `log ${describeEntry(got)}` : 'log (no entry)';
    const want = i < expected.length ? `log ${describeExpected(expected[i], got)}` : 'log (no entry)';
    rows.push({ group, direction: '', bytes: 0, verdict, expected: want, ok: verdict === want });
  }
  return rows;
}
