// Bundles src/ for the embedded runtime (Node 18, CommonJS, one file each) next to libcilium.so:
//   build/lib/tsproxylib.cjs          what the shipped libcilium.so loads
//   build/lib/tsproxylib-testing.cjs  the same plus test-only parsers and control commands
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { processAsGlobal } from './process-as-global.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
