#!/usr/bin/env bash
# The README's run command: set everything up (idempotent), then run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx scripts/demo.ts "$@"
