#!/usr/bin/env bash
# Runs Candlestream on its embedded default: a local Flink with the web UI on http://localhost:8081, RocksDB
# checkpoints under .local/demo, an embedded PostgreSQL and a built-in simulated exchange with periodic faults:
# Binance by default; --feed kraken|ethereum|bitquery for the others. Builds first when needed. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
# The Bitquery demo's simulator and job read the token from the environment (never an argument): a throw-away one
# unless you set your own.
export CANDLESTREAM_BITQUERY_TOKEN="${CANDLESTREAM_BITQUERY_TOKEN:-demo-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')}"
run_java io.candlestream.local.Demo "$@"
