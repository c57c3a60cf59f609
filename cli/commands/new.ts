import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { parserNames } from '../scaffold/names.ts';
import { scaffold } from '../scaffold/scaffold.ts';

const help = `usage: tsproxylib new <proto> [--json]

Scaffolds src/parsers/<proto>/ from a working line parser, the way r2d2 is built: framing (frame.ts),
requests and access-log fields (request.ts), rules (rules.ts), the parser with its verdicts, policy
check, logging and denial injection (parser.ts, replies.ts), the module (index.ts), unit tests and
vectors (vectors/basic.json), and adds it to the builtins in src/parsers/index.ts. The result passes
its tests as generated:  tsproxylib test <proto>   and   node --import tsx --test src/parsers/<proto>/*.test.ts

  <proto>      the parser name policies use: lowercase letters, digits, ".", "_", "-"; a letter first
  --json       print the files written as JSON
`;

export const command: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('new', argv, { json: { type: 'boolean' } }, 1);
    if (positionals.length === 0) throw new UsageError('new: name the parser, e.g. tsproxylib new myproto');
    const names = parserNames(positionals[0]!);
    const root = REPO_ROOT;
    const written = await scaffold(root, names);
    if (values.json) {
      io.out(`${JSON.stringify({ parser: names.proto, root, files: written })}\n`);
    } else {
      io.out(`created parser ${names.proto}:\n${written.map((f) => `  ${f}`).join('\n')}\n` +
             `next: tsproxylib test ${names.proto}; node --import tsx --test src/parsers/${names.proto}/*.test.ts\n`);
    }
    return 0;
  },
};
