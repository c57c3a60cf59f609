/**
 * tsproxylib: the parser author's command line. `tsproxylib <command> --help` describes each command;
 * exit codes are 0 (done), 1 (the work failed) and 2 (the command line was wrong).
 */
import { pathToFileURL } from 'node:url';
import { processIo, type Io } from './command.ts';
import { COMMANDS } from './command-table.ts';
import { exitCodeOf, UsageError } from './errors.ts';

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return ['usage: tsproxylib <command> [options]   (tsproxylib <command> --help for its options)', '', 'commands:',
          ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`), ''].join('\n');
}

/** Runs one command line; resolves to the exit code. Errors are printed as one line on stderr. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(usage());
      return name === undefined ? 2 : 0;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    io.err(`tsproxylib: ${e instanceof Error ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
}

// Run when started as a script (`node --import tsx cli/main.ts …`); bin/tsproxylib.mjs calls main() itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
