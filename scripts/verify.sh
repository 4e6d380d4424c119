#!/usr/bin/env bash
# Compares the candles table with the exchange's own candles (Binance GET /api/v3/klines) for a time range, per
# stream and interval (see README, "Verification against the exchange"). Example:
#   scripts/verify.sh --feed binance --symbols BTCUSDT,ETHUSDT --from 2024-01-05T00:00:00Z --to 2024-01-06T00:00:00Z \
#       --intervals 1m,5m --jdbc-url jdbc:postgresql://db:5432/market --jdbc-user candles
# Exit status 0 only when every bucket is in the table and equal. The password comes from CANDLESTREAM_JDBC_PASSWORD(_FILE).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
CANDLESTREAM_HEAP="${CANDLESTREAM_HEAP:-512m}" run_java io.candlestream.verify.VerifyCommand "$@"
