#!/usr/bin/env bash
# The main job through real Envoy: set everything up (idempotent), then run the stock Envoy with our
# network filter and libcilium.so in front of a real upstream, with live output (--help for options).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx scripts/envoy-demo/main.ts "$@"
