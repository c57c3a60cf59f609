#!/usr/bin/env bash
# The README's test command: set everything up (idempotent), type-check, run every test file, then
# the harness-driven tests again against the ASan + UBSan build (scripts/sanitize.sh, docs/sanitizers.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc -p tsconfig.json
mapfile -t files < <(find src test docs -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
node --import tsx --test --test-concurrency=1 "${files[@]}"
bash scripts/sanitize.sh
