#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer stage: builds native/, envoy-filter/, the floor and the
# harness instrumented into build/asan (bin/, lib/), then runs every test that drives a library through
# the harness against that build: the harness suite (test/harness/) and every test that loads
# libcilium_testing.so through test/abi/harness-backend.ts or test/abi/both-backends.ts (the libcilium vectors, the concurrency
# test, the fault tests, the parsers' vectors ...). Fails on a failed test and on any sanitizer report,
# even one from a process whose exit status no test looks at. Idempotent: a second run only rebuilds
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/asan
REPORTS=$OUT/reports
log() { printf '[sanitize] %s\n' "$*" >&2; }

# The normal set-up provides deps/ (libnode), node_modules, the system packages the build needs and
# the plain-Node addon that some of these test files also exercise; scripts/test.sh has just run it.
if [ ! -f deps/root/usr/include/node/node.h ] || [ ! -d node_modules ] || [ ! -f build/Release/tsproxylib.node ]; then
  bash scripts/setup.sh
fi

log "building the instrumented variant into build/asan"
# RelWithDebInfo: reports name file:line; -O2 keeps the instrumented run close to the shipped code.
cmake -S . -B build/asan-cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANITIZE=ON \
  -DTSPROXYLIB_OUTPUT_DIR="$OUT" -DLIBNODE_ROOT="$ROOT/deps/root/usr" >/dev/null
cmake --build build/asan-cmake -j"$(nproc)" >/dev/null

# The libraries load their bundle from beside themselves: link to the normal build's bundles, made
# fresh from src/ here, so the instrumented libraries always run the current TypeScript.
node scripts/bundle.mjs
for bundle in tsproxylib.cjs tsproxylib-testing.cjs; do ln -sfn "../../lib/$bundle" "$OUT/lib/$bundle"; done

# ASan writes one report file per process (<name>.<pid>), so a report is found even when the process
# that wrote it was not watched; the reports of a previous run are gone first.
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
# ASan: everything else is the default; the embedded V8 needs no change from it (docs/sanitizers.md):
# leak detection on, halt on the first error, SEGV handled by ASan.
#   detect_stack_use_after_return=1  the library must not keep pointers into the caller's stack (the
#                                    GoSlice headers of OnData live there); off by default in GCC.
export ASAN_OPTIONS="log_path=$REPORTS/asan:detect_stack_use_after_return=1"
# UBSan: the build aborts on the first finding (-fno-sanitize-recover=undefined). GCC's UBSan ignores
# log_path when ASan is loaded too and reports on stderr, which the harness passes on to the test
# output: that output is searched for reports below.
export UBSAN_OPTIONS="print_stacktrace=1"
# LSan: V8 allocations held by the one isolate still alive at exit (scripts/lsan.supp says which and
# why); print_suppressions=0 so a clean process writes no file.
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0"
export HARNESS_BUILD=$OUT
export HARNESS_LIB=$OUT/lib/libcilium_testing.so
unset TSPROXYLIB_BUNDLE  # the bundle beside the library, not one from the caller's environment

# Everything that makes the harness load a library: HARNESS_BUILD/HARNESS_LIB point both at build/asan.
mapfile -t files < <({ ls test/harness/*.test.ts
  grep -rl --include='*.test.ts' -e 'harness-backend\.ts' -e 'both-backends\.ts' src test; } | sort -u)
log "running ${#files[@]} harness-driven test files against build/asan"
status=0
node --import tsx --test --test-concurrency=1 "${files[@]}" 2>&1 | tee "$OUT/test-output.log" || status=$?

found=0
if [ -n "$(ls -A "$REPORTS")" ]; then
  for f in "$REPORTS"/*; do printf '\n==== %s\n' "$f" >&2; cat "$f" >&2; done
  found=1
fi
# UBSan's "<file>:<line>:<col>: runtime error:" and any sanitizer "==<pid>==ERROR:" that reached stderr.
if grep -Eq ':[0-9]+:[0-9]+: runtime error: |==[0-9]+==ERROR: ' "$OUT/test-output.log"; then
  grep -E -A12 ':[0-9]+:[0-9]+: runtime error: |==[0-9]+==ERROR: ' "$OUT/test-output.log" >&2
  found=1
fi
if [ "$found" -ne 0 ]; then log "sanitizer reports above"; exit 1; fi
if [ "$status" -ne 0 ]; then log "tests failed under the sanitizers"; exit "$status"; fi
log "clean: no sanitizer reports"
