#!/usr/bin/env bash
# The benchmark table: every row measures the job and a baseline in the same run on this machine and prints their
# ratio; the table goes to stdout and to target/bench/results.csv (and results.txt).
#   scripts/bench.sh [--quick] [--only backfill,sink,...]  the table (--quick: under ten minutes on 2 cores); --only
#                                                          takes the benchmarks' short names (see BenchSuite)
#   scripts/bench.sh jmh [JMH arguments]                   the JMH benchmarks of the per-trade hot path
# Environment: CANDLESTREAM_BENCH_HEAP (default 3g) is the table's JVM heap; CANDLESTREAM_BENCH_JVM_OPTS adds JVM
# options, e.g. a flight recording of the run:
#   CANDLESTREAM_BENCH_JVM_OPTS='-XX:StartFlightRecording=filename=target/bench/run.jfr,settings=profile' \
#     scripts/bench.sh --quick --only backfill
#   jfr print --events jdk.ExecutionSample target/bench/run.jfr | ...   (or: jfr summary, JDK Mission Control)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test >&2
classpath="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
if [[ "${1:-}" == jmh ]]; then
  shift
  # JMH runs every benchmark of the project unless the arguments name some (a regular expression, e.g. decode).
  exec java -cp "$classpath" org.openjdk.jmh.Main "$@"
fi
mkdir -p target/bench
# shellcheck disable=SC2086 # the options are words on purpose
exec java -Xmx${CANDLESTREAM_BENCH_HEAP:-3g} @scripts/jvm-opens.txt ${CANDLESTREAM_BENCH_JVM_OPTS:-} \
  -Dlog4j.configurationFile="$PWD/flink-conf/log4j-local.properties" \
  -cp "$classpath" io.candlestream.bench.BenchSuite "$@"
