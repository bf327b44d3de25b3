#!/usr/bin/env bash
# tests/contract/test_octobat_client.py drives the official Octobat v2 Node client (octobat-npm,
# pinned by tests/contract/octobat_node/package-lock.json); install it there if it is absent.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/contract/octobat_node"
if [ -f "$DIR/node_modules/octobat-npm/package.json" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1; } \
    || true
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "ensure-octobat-client: npm not found; install Node.js and npm to run the Octobat client contract tests" >&2
  exit 1
fi
cd "$DIR"
if ! output="$(npm ci --no-audit --no-fund --loglevel=error 2>&1)"; then
  echo "ensure-octobat-client: npm ci failed in $DIR:" >&2
  echo "$output" >&2
  exit 1
fi
