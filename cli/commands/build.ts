import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs } from '../args.ts';
import { bundleParsers, type BundleEntry } from '../bundle/bundle.ts';
import { entrySource, parserFolders } from '../bundle/entry.ts';
import { typecheck } from '../bundle/typecheck.ts';
import { loadBundleNames } from '../bundle/verify.ts';
import type { Command } from '../command.ts';
import { Failure } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { Progress } from '../progress.ts';

const help = `usage: tsproxylib build [<proto> ...] [--out FILE] [--entry FILE] [--json]

Type-checks the checkout (tsc -p tsconfig.json), then bundles parsers with esbuild (platform node,
target node18, CommonJS, one file) into a parser bundle: a file exporting \`parsers\`, an array of
ParserModule, which libcilium.so loads with the module parameter parser-bundle=<FILE>; a module of
the bundle replaces the built-in one of the same name. The bundle is then loaded with the runtime's
own loader to check it.

  <proto> ...    parser folders under src/parsers to include (default: every folder)
  --out FILE     the bundle to write (default: build/parsers.cjs)
  --entry FILE   bundle this file instead of a generated entry; it must export \`parsers\`
  --json         print the result as JSON

Type errors are listed as file:line:column, followed by one summary line (exit code 1).
`;

export const command: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('build', argv, {
      out: { type: 'string' }, entry: { type: 'string' }, json: { type: 'boolean' },
    });
    const out = path.resolve(values.out ?? path.join(REPO_ROOT, 'build/parsers.cjs'));
    const entry: BundleEntry = values.entry !== undefined
      ? { file: path.resolve(values.entry) }
      : { source: entrySource(REPO_ROOT, positionals.length > 0 ? positionals : parserFolders(REPO_ROOT)) };

    const progress = new Progress(io);
    progress.step('type-checking (tsc)');
    const errors = typecheck();
    progress.finish(errors.length > 0);
    if (errors.length > 0) {
      for (const e of errors) io.err(`${e.file}:${e.line}:${e.column}: ${e.message}\n`);
      const files = new Set(errors.map((e) => e.file)).size;
      throw new Failure(`build: ${errors.length} type error${errors.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; nothing bundled`);
    }
    progress.step('bundling (esbuild) and loading the bundle');
    mkdirSync(path.dirname(out), { recursive: true });
    let parsers: string[] = [];
    let bundled = false;
    // Written aside and renamed once it loads: a running library watching `out` (parser-bundle) never
    // reads a half-written file, and a bundle the runtime would refuse never replaces a good one.
    const staged = `${out}.${process.pid}.staged`;
    try {
      await bundleParsers(REPO_ROOT, entry, staged);
      parsers = loadBundleNames(staged);
      renameSync(staged, out);
      bundled = true;
    } finally {
      rmSync(staged, { force: true });
      progress.finish(!bundled);
    }
    if (values.json) io.out(`${JSON.stringify({ bundle: out, parsers })}\n`);
    else io.out(`wrote ${out}: ${parsers.join(', ')}\n  load it with the module parameter parser-bundle=${out}\n`);
    return 0;
  },
};
