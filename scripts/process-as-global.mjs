// An esbuild plugin for bundles the embedded runtime loads. Node 18's require('process') builds an
// ES-module facade by reading every property of `process`, process.stdin included, which opens the
// host's stdin and makes it non-blocking (Envoy's, or the harness's). The process object is a global
// anyway: serve that instead of the builtin module.
export const processAsGlobal = {
  name: 'process-as-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, () => ({ path: 'process', namespace: 'process-as-global' }));
    b.onLoad({ filter: /.*/, namespace: 'process-as-global' }, () => ({ contents: 'module.exports = process;', loader: 'js' }));
  },
};
