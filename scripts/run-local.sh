#!/usr/bin/env bash
# Runs the job locally with the same options as `flink run` (see README), against any feed and database:
# a local Flink with the web UI on http://localhost:8081 and RocksDB checkpoints under .local/run.
# The database password comes from CANDLESTREAM_JDBC_PASSWORD or CANDLESTREAM_JDBC_PASSWORD_FILE.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_if_needed
cd "$CANDLESTREAM_HOME"
run_java io.candlestream.local.RunLocal "$@"
