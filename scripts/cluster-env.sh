# Shared by scripts/cluster.sh and scripts/flink: where the local standalone cluster lives, its lib/ folder resolved
# from Maven Central (cluster/pom.xml), its generated configuration, and the Java command line of its processes.
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Everything of one cluster (configuration, logs, pids, checkpoints, savepoints) lives here; tests point it at a temp
# dir so several clusters can run side by side.
CLUSTER_DIR="${CANDLESTREAM_CLUSTER_DIR:-$CANDLESTREAM_HOME/target/flink-cluster}"
CLUSTER_DIR="$(mkdir -p "$CLUSTER_DIR" && cd "$CLUSTER_DIR" && pwd)"
CONF_DIR="$CLUSTER_DIR/conf"
LOG_DIR="$CLUSTER_DIR/log"
PID_DIR="$CLUSTER_DIR/pids"
STATE_DIR="${CANDLESTREAM_STATE_DIR:-$CLUSTER_DIR/state}"
# The jars are the same for every cluster, so they are resolved once per checkout.
LIB_DIR="$CANDLESTREAM_HOME/target/flink-cluster/lib"

# Resolves the cluster's jars into $LIB_DIR (from the local Maven repository after the first time).
ensure_cluster_lib() {
  local marker="$LIB_DIR/.resolved"
  if [[ -f "$marker" && ! "$CANDLESTREAM_HOME/cluster/pom.xml" -nt "$marker" ]]; then
    return 0
  fi
  echo "Resolving the Flink cluster's jars (mvn -f cluster/pom.xml package)…" >&2
  (cd "$CANDLESTREAM_HOME" && mvn -B -q -Dstyle.color=never -f cluster/pom.xml package) >&2
  touch "$marker"
}

# Prints the value of a top-level key of the generated config.yaml (empty if absent).
conf_value() {
  sed -n "s/^$(sed 's/\./\\./g' <<<"$1"):[[:space:]]*//p" "$CONF_DIR/config.yaml" | tail -n 1
}

# Runs BashJavaUtils ($1 = GET_JM_RESOURCE_PARAMS or GET_TM_RESOURCE_PARAMS) and sets JVM_PARAMS (its first result
# line: heap and direct memory flags) and DYNAMIC_PARAMS (its second: the derived memory sizes as -D properties,
# without which a TaskManager refuses to start), as the distribution's scripts do.
compute_resource_params() {
  local output
  if ! output="$(java -cp "$LIB_DIR/*" -Dlog4j2.level=WARN org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
      --configDir "$CONF_DIR" 2>&1)"; then
    echo "BashJavaUtils $1 failed:" >&2
    echo "$output" >&2
    return 1
  fi
  local results
  results="$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  if [[ "$(wc -l <<<"$results")" -lt 2 ]]; then
    echo "BashJavaUtils $1 gave no resource parameters:" >&2
    echo "$output" >&2
    return 1
  fi
  JVM_PARAMS="$(sed -n 1p <<<"$results")"
  DYNAMIC_PARAMS="$(sed -n 2p <<<"$results")"
}

# Whether something accepts connections on localhost:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The body of GET http://localhost:<rest.port>$1, or nothing if the REST endpoint does not answer.
rest_get() {
  local port
  port="$(conf_value rest.port)"
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
    sed '1,/^\r\{0,1\}$/d' <&3
  ) 2>/dev/null || true
}
