# Shared by the scripts: build the project when its sources changed, and the Java command line for local runs.
# shellcheck shell=bash

CANDLESTREAM_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Builds target/candlestream.jar (tests skipped) unless it is newer than every source file and the pom.
build_if_needed() {
  local jar="$CANDLESTREAM_HOME/target/candlestream.jar"
  local cp="$CANDLESTREAM_HOME/target/classpath.txt"
  if [[ -f "$jar" && -f "$cp" ]] && [[ -z "$(find "$CANDLESTREAM_HOME/src/main" "$CANDLESTREAM_HOME/pom.xml" -newer "$jar" -print -quit)" ]]; then
    return 0
  fi
  echo "Building Candlestream (mvn package, tests skipped)…" >&2
  (cd "$CANDLESTREAM_HOME" && mvn -B -q -DskipTests package) >&2
}

# Runs a main class of the project on a local JVM with Flink on the class path.
run_java() {
  local main="$1"; shift
  exec java -Xmx${CANDLESTREAM_HEAP:-3g} @"$CANDLESTREAM_HOME/scripts/jvm-opens.txt" \
    -Dlog4j.configurationFile="$CANDLESTREAM_HOME/flink-conf/log4j-local.properties" \
    -cp "$CANDLESTREAM_HOME/target/classes:$(cat "$CANDLESTREAM_HOME/target/classpath.txt")" \
    "$main" "$@"
}
