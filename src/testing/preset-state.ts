import type { Parser, ParserModule } from '../framework/parser.ts';
import { presetCassandraState } from '../parsers/cassandra/test-hooks.ts';
import type { Runtime } from '../runtime/runtime.ts';

/**
 * `{"cmd":"presetState","state":{"conn":"1","parser":"cassandra",…}}` seeds a parser's internal state,
 * as Cilium's tests do by reaching into the parser object (the anchor vectors' `state` presets). The
 * parsers are found by connection id, so the modules are wrapped to note each parser they create.
 */
export function trackParsers(modules: readonly ParserModule[], byConnection: Map<string, Parser>): ParserModule[] {
  return modules.map((module) => {
    const tracked: ParserModule = Object.create(module);
    Object.defineProperty(tracked, 'create', {
      value: (conn: Parameters<ParserModule['create']>[0]) => {
        const parser = module.create(conn);
        if (parser !== null) byConnection.set(conn.id, parser);
        return parser;
      },
    });
    return tracked;
  });
}

const PRESETS: Record<string, (parser: Parser, state: any) => void> = {
  cassandra: presetCassandraState,
};

export function addPresetStateCommand(runtime: Runtime, byConnection: ReadonlyMap<string, Parser>): void {
  runtime.addCommand('presetState', (request) => {
    const state = request.state as { conn?: unknown; parser?: unknown } | undefined;
    const parser = typeof state?.conn === 'string' ? byConnection.get(state.conn) : undefined;
    const preset = typeof state?.parser === 'string' ? PRESETS[state.parser] : undefined;
    if (parser === undefined || preset === undefined) {
      return { ok: false, error: `presetState: no ${String(state?.parser)} connection ${String(state?.conn)}` };
    }
    preset(parser, state);
    return { ok: true };
  });
}
