// The parser-author API reference (docs/api/), generated from the TypeScript types and doc comments:
//   node scripts/api-docs.mjs [OUT_DIR]        (npm run docs:api writes docs/api)
//
// TypeDoc drives the TypeScript 5 compiler API, which TypeScript 7 (the repo's compiler) no longer
// ships. So TypeDoc gets the `typescript-5` package (an npm alias, a devDependency used by nothing
// else): a module resolve hook hands it out wherever TypeDoc imports "typescript".
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hook = "export async function resolve(s, c, next) { return next(s === 'typescript' ? 'typescript-5' : s, c); }";
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
const { Application, LogLevel } = await import('typedoc');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/api'));

/** What a parser author imports; everything else under src/ is the library's own business. */
export const ENTRY_POINTS = [
  'src/framework/parser.ts',
  'src/framework/types.ts',
  'src/framework/slice-reader.ts',
  'src/framework/connection.ts',
  'src/policy/l7-rules.ts',
  'src/policy/errors.ts',
  'src/policy/network-policy.ts',
  'src/policy/generic-l7-rules.ts',
  'src/policy/regex.ts',
  'src/accesslog/entry.ts',
  'src/testing/harness.ts',
  'src/testing/read-slices.ts',
];

const app = await Application.bootstrapWithPlugins({
  name: 'tsproxylib parser API',
  entryPoints: ENTRY_POINTS.map((p) => path.join(root, p)),
  tsconfig: path.join(root, 'tsconfig.json'),
  plugin: ['typedoc-plugin-markdown'],
  out,
  readme: 'none',
  // The reference must be the same wherever it is generated: no git revisions, no line numbers.
  disableSources: true,
  disableGit: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  excludeExternals: true,
  sort: ['source-order'],
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  enumMembersFormat: 'table',
  typeDeclarationFormat: 'table',
  cleanOutputDir: true,
  treatWarningsAsErrors: true,
  logLevel: LogLevel.Warn,
});

const project = await app.convert();
if (project === undefined || app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('api-docs: TypeDoc reported problems (above); nothing written');
  process.exit(1);
}
await app.generateOutputs(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log(`api-docs: ${path.relative(root, out) || '.'}`);
