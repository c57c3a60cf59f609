import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * node:util parseArgs with the CLI's conventions (`--help` is answered by main.ts before this): a
 * parse error, or more positionals than the command takes, becomes a UsageError that points at the
 * command's help.
 */
export function parseCommandArgs<const O extends Options>(command: string, argv: string[], options: O,
                                                           maxPositionals = Infinity): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (e) {
    throw new UsageError(`${command}: ${firstSentence((e as Error).message)} (see tsproxylib ${command} --help)`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[maxPositionals]}" (see tsproxylib ${command} --help)`);
  }
  return parsed;
}

/** An integer option of at least `min`, or a UsageError naming it. */
export function integerOption(command: string, name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${command}: --${name} expects an integer >= ${min}, got "${value}"`);
  return n;
}

/** Node's parse errors go on to explain `--`; the first sentence is what the user needs. */
function firstSentence(message: string): string {
  return message.split(/\.\s|\n/)[0]!;
}
