/**
 * The custom-Envoy build (envoy-filter/envoy/, Bazel) cannot be built here, so this keeps it honest
 * against what is: it must list exactly the C++ files CMake compiles into libtsproxylib_filter.so, and
 * none of them may include an Envoy header (they all compile without Envoy, as CMake proves).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './envoy/paths.ts';

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');

/** The .cc files of `add_library(<name> ...)` in a CMakeLists.txt, relative to the repo root. */
function cmakeSources(dir: string, target: string): string[] {
  const m = new RegExp(`add_library\\(${target}\\s+(?:STATIC|SHARED)\\s+([^)]*)\\)`).exec(read(`${dir}/CMakeLists.txt`));
  assert.ok(m, `${dir}/CMakeLists.txt builds ${target}`);
  return m[1]!.split(/\s+/).filter((f) => f.endsWith('.cc')).map((f) => `${dir}/${f}`);
}

test('the Bazel build lists the sources CMake builds into the module', () => {
  const bazel = [...read('envoy-filter/envoy/tsproxylib.BUILD').matchAll(/"(envoy-filter\/[^"]+\.cc)"/g)].map((m) => m[1]!);
  const cmake = [
    ...cmakeSources('envoy-filter', 'envoy_filter'),
    ...cmakeSources('envoy-filter/dynamic_module', 'dynamic_module_core'),
    ...cmakeSources('envoy-filter/dynamic_module', 'tsproxylib_filter'),
  ];
  assert.deepEqual([...bazel].sort(), [...cmake].sort());
});

test('no source or header of the module includes an Envoy header', () => {
  const files = ['envoy-filter', 'envoy-filter/dynamic_module'].flatMap((dir) =>
    readdirSync(path.join(REPO_ROOT, dir)).filter((f) => /\.(cc|h)$/.test(f) && !f.endsWith('_test.cc')).map((f) => `${dir}/${f}`));
  assert.ok(files.length > 20);
  for (const f of files) {
    for (const inc of read(f).matchAll(/#include\s+[<"]([^>"]+)[>"]/g)) {
      assert.ok(!/^(envoy|source|absl)\//.test(inc[1]!), `${f} includes ${inc[1]}`);
    }
  }
});
