#!/usr/bin/env bash
# Runs the JMH benchmarks of the per-trade hot path (src/test/java/io/candlestream/bench) and prints their figures.
# Extra arguments go to JMH, e.g. `scripts/bench.sh -f 2 -i 5` or a benchmark name pattern.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >&2
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  'io.candlestream.bench.*' "$@"
