import type { Runtime } from './runtime.ts';

/**
 * The production control commands.
 *
 * `{"cmd":"insertPolicy","module":<id>,"version":"1","policies":[<NetworkPolicy JSON>…]}` — a
 * state-of-the-world policy update for one instance: compiled here (all or nothing), then published to
 * every isolate. Answers {"ok":true}, or {"ok":false,"error":…} with the old policy still in force.
 *
 * `{"cmd":"connections"}` — {"n": <connections of this isolate not closed yet, faulted ones included>}.
 */
export function addControlCommands(runtime: Runtime): void {
  runtime.addCommand('insertPolicy', (request) => {
    const id = request.module;
    const policies = request.policies;
    if (typeof id !== 'number') return { ok: false, error: 'insertPolicy: "module" must be a number' };
    if (!Array.isArray(policies)) return { ok: false, error: 'insertPolicy: "policies" must be an array' };
    const instance = runtime.instance(id);
    if (instance === null) return { ok: false, error: `insertPolicy: unknown module ${id}` };
    const compiled = instance.compile(policies);
    const seq = runtime.bridge.setPolicy(id, JSON.stringify(policies));
    if (seq === 0) return { ok: false, error: `insertPolicy: native does not know module ${id}` };
    instance.install(compiled, seq);
    runtime.bridge.print(0, `instance ${id}: policy version ${String(request.version)} accepted (${compiled.size} endpoint IPs)`);
    return { ok: true };
  });
  runtime.addCommand('connections', () => ({ n: runtime.connections.size }));
}
