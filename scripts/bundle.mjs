// Bundles src/ for the embedded runtime (Node 18, CommonJS, one file each) next to libcilium.so:
//   build/lib/tsproxylib.cjs          what the shipped libcilium.so loads
//   build/lib/tsproxylib-testing.cjs  the same plus test-only parsers and control commands
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Node 18's require('process') builds an ES-module facade by reading every property of `process`,
// process.stdin included, which opens the host's stdin and makes it non-blocking (Envoy's, or the
// harness's). The process object is a global anyway: serve that instead of the builtin module.
const processAsGlobal = {
  name: 'process-as-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, () => ({ path: 'process', namespace: 'process-as-global' }));
    b.onLoad({ filter: /.*/, namespace: 'process-as-global' }, () => ({ contents: 'module.exports = process;', loader: 'js' }));
  },
};

const common = {
  plugins: [processAsGlobal],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: ['src/runtime/main.ts'], outfile: 'build/lib/tsproxylib.cjs' }),
  build({ ...common, entryPoints: ['src/testing/main.ts'], outfile: 'build/lib/tsproxylib-testing.cjs' }),
]);
