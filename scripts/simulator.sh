#!/usr/bin/env bash
# Runs the simulated Binance exchange on its own (WebSocket + REST on loopback), e.g. to point run-local.sh at it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
run_java io.candlestream.simulator.binance.BinanceSimulatorMain "$@"
