import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Real encoders' frames, made offline: the npm cassandra-driver (pinned 4.10.0; its lib/requests and
 * lib/encoder are internal, hence the pin) and Debian's python3-cassandra. Hex per message kind.
 */
const require = createRequire(import.meta.url);

export const QUERY = 'SELECT * FROM ks.t WHERE k = ?';

/** The Node driver's frames for protocol `version`, on stream 5; EXECUTE uses prepared id "abcd". */
export function nodeDriverFrames(version: 3 | 4): Record<string, Buffer> {
  const requests = require('cassandra-driver/lib/requests');
  const Encoder = require('cassandra-driver/lib/encoder');
  const { ExecutionOptions } = require('cassandra-driver/lib/execution-options');
  const clientOptions = require('cassandra-driver/lib/client-options');
  const encoder = new Encoder(version, clientOptions.extend({ contactPoints: ['127.0.0.1'], localDataCenter: 'dc1' }));
  const none = ExecutionOptions.empty();
  const meta = { columns: [{ type: { code: 9 } }, { type: { code: 13 } }] };
  const all: Record<string, { write(encoder: unknown, stream: number): Buffer }> = {
    query: new requests.QueryRequest(QUERY, [1], none),
    prepare: new requests.PrepareRequest(QUERY),
    execute: new requests.ExecuteRequest(QUERY, Buffer.from('abcd'), [1, null], none, meta),
    batch: new requests.BatchRequest([
      { query: 'INSERT INTO ks.t (k) VALUES (?)', params: [1] },
      { query: 'UPDATE ks.u SET v = 1 WHERE k = 2', params: [] },
    ], none),
    options: requests.options,
    startup: new requests.StartupRequest({}),
    register: new requests.RegisterRequest(['TOPOLOGY_CHANGE']),
  };
  return Object.fromEntries(Object.entries(all).map(([k, r]) => [k, r.write(encoder, 5)]));
}

/** python3-cassandra's frames (stream 7), keyed v3_query, v4_batch, …; EXECUTE and the batch use id 01020304. */
export function pythonDriverFrames(): Record<string, Buffer> {
  const script = fileURLToPath(new URL('./python_frames.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3-cassandra encoder failed: ${run.stderr}`);
  const hex = JSON.parse(run.stdout) as Record<string, string>;
  return Object.fromEntries(Object.entries(hex).map(([k, v]) => [k, Buffer.from(v, 'hex')]));
}
