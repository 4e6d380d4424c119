#!/usr/bin/env bash
# Finds and rewrites the candles of a time range that are missing or whose cursors do not chain, from exchange
# history, as a bounded Flink job on a local JVM (see README, "History, resume and repair"). Example:
#   scripts/repair.sh --feed binance --symbols XRPETH --rest-url https://api.binance.com \
#       --jdbc-url jdbc:postgresql://db:5432/market --jdbc-user candles \
#       --from 2024-01-05T00:00:00Z --to 2024-01-06T00:00:00Z --intervals 1m,5m
# Exit status 0 when the range is whole afterwards. The password comes from CANDLESTREAM_JDBC_PASSWORD(_FILE).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
CANDLESTREAM_HEAP="${CANDLESTREAM_HEAP:-1g}" run_java io.candlestream.repair.RepairJob "$@"
