import type { Command } from './command.ts';

/**
 * Every subcommand, loaded only when it runs (the bench report pulls in vega, `test` the framework).
 */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  new: { summary: 'scaffold src/parsers/<proto>/ (parser, rules, tests, vectors) and register it', load: async () => (await import('./commands/new.ts')).command },
  build: { summary: 'type-check and bundle parsers into a parser bundle for the parser-bundle parameter', load: async () => (await import('./commands/build.ts')).command },
  test: { summary: 'run a parser over its vectors or a pcap/pcapng capture; per-frame verdicts', load: async () => (await import('./commands/test.ts')).command },
  run: { summary: 'start Envoy with our filter, a policy and an upstream, with a live view', load: async () => (await import('./commands/run.ts')).command },
  bench: { summary: 'run the benchmarks and write a report (markdown + SVG plots)', load: async () => (await import('./commands/bench.ts')).command },
  reload: { summary: 'swap the parser bundle of a running Envoy and show what each isolate did', load: async () => (await import('./commands/reload.ts')).command },
  status: { summary: 'show the parser bundle a running Envoy serves and each isolate\'s state', load: async () => (await import('./commands/status.ts')).command },
};
