import { getHeapStatistics } from 'node:v8';
import type { Runtime } from './runtime.ts';

/**
 * The production control commands.
 *
 * `{"cmd":"insertPolicy","module":<id>,"version":"1","policies":[<NetworkPolicy JSON>…]}` — a
 * state-of-the-world policy update for one instance: compiled here (all or nothing), then published to
 * every isolate. Answers {"ok":true}, or {"ok":false,"error":…} with the old policy still in force.
 *
 * `{"cmd":"connections"}` — {"n": <connections of this isolate not closed yet, faulted ones included>}.
 *
 * `{"cmd":"stats"}` — this isolate's connection count and V8 heap figures (limit, used), e.g. to check
 * that containing a heap exhaustion put the heap limit back where it was; the parser bundle version it
 * serves, its parser names, and how many parser generations are still alive (hot swap: old ones are
 * released once their last connection closes and the garbage collector ran).
 */
export function addControlCommands(runtime: Runtime): void {
  runtime.addCommand('insertPolicy', (request) => {
    const id = request.module;
    const policies = request.policies;
    if (typeof id !== 'number') return { ok: false, error: 'insertPolicy: "module" must be a number' };
    if (!Array.isArray(policies)) return { ok: false, error: 'insertPolicy: "policies" must be an array' };
    const instance = runtime.instance(id);
    if (instance === null) return { ok: false, error: `insertPolicy: unknown module ${id}` };
    runtime.publishPolicy(instance, policies);
    runtime.bridge.print(0, `instance ${id}: policy version ${String(request.version)} accepted`);
    return { ok: true };
  });
  runtime.addCommand('connections', () => ({ n: runtime.connections.size }));
  runtime.addCommand('stats', () => {
    const heap = getHeapStatistics();
    return {
      ok: true,
      connections: runtime.connections.size,
      heapSizeLimit: heap.heap_size_limit,
      usedHeapSize: heap.used_heap_size,
      bundleSeq: runtime.bundles.current.seq,
      parsers: runtime.registry.parserNames,
      liveGenerations: runtime.bundles.liveGenerations,
    };
  });
}
