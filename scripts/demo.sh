#!/usr/bin/env bash
# Runs Candlestream on its embedded default: a local Flink with the web UI on http://localhost:8081, RocksDB
# checkpoints under .local/demo, an embedded PostgreSQL and a built-in simulated exchange with periodic faults:
# Binance by default, Kraken with --feed kraken. Builds first when needed. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
run_java io.candlestream.local.Demo "$@"
