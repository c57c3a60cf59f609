import type { StreamSummary } from '../replay/replay-stream.ts';

/** A stream's summary as lines of text under its frame table. */
export function streamSummaryText(s: StreamSummary): string {
  const dir = (d: 'request' | 'reply') =>
    `${d === 'request' ? 'requests' : 'replies'}: ${s.frames[d].passed} passed (${s.bytes[d].passed} B), ${s.frames[d].dropped} dropped (${s.bytes[d].dropped} B)`;
  const capture = [s.sawSyn ? '' : 'joined mid-connection', s.retransmittedBytes ? `${s.retransmittedBytes} B retransmitted` : '',
                   s.missingBytes ? `${s.missingBytes} B never arrived` : ''].filter((x) => x !== '');
  return [
    `  summary: ${dir('request')}; ${dir('reply')}`,
    `           log: ${s.log.requests} allowed, ${s.log.denied} denied, ${s.log.responses} responses${s.log.other ? `, ${s.log.other} other` : ''}` +
      `${capture.length ? `; capture: ${capture.join(', ')}` : ''}`,
    `           ${s.failure === null ? 'connection ok' : `connection failed: ${s.failure}`}`,
  ].join('\n');
}
