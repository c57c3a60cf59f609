import type { IsolateState } from '../../src/control/bundle-service.ts';

/** One line per isolate: what `reload` and `status` print. */
export function isolateTable(isolates: readonly IsolateState[], seq: number): string {
  const rows = isolates.map((i) => {
    const what = i.state === 'loaded'
      ? `loaded version ${i.bundleSeq}${i.loadMs > 0 ? ` in ${i.loadMs.toFixed(2)} ms` : ''}`
      : i.state === 'failed'
        ? `refused version ${i.failedSeq}: ${i.error}`
        : `pending: still on version ${i.bundleSeq}, loads version ${seq} at its next call`;
    return `  isolate ${String(i.isolate).padEnd(3)} ${i.role.padEnd(8)} ${what}\n`;
  });
  return rows.join('');
}
