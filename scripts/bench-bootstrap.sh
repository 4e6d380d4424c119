#!/usr/bin/env bash
# Benchmark (not a test): bootstraps a large simulated range (default 1,000,000 ids) through the source and the
# backfill operator against the built-in simulator, without and with a binding weight limit, and prints ids/s,
# requests, 429s, 418s, the weight per full window as a share of the limit (mean, min, max; the first and last
# window the bootstrap touched are partial and left out) and the peak heap.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
exec java -Xmx${CANDLESTREAM_HEAP:-2g} @scripts/jvm-opens.txt \
  -Dlog4j.configurationFile="$PWD/flink-conf/log4j-local.properties" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.candlestream.bootstrap.BootstrapBenchmark "$@"
