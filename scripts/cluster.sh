#!/usr/bin/env bash
# A local standalone Flink session cluster (one JobManager, one or more TaskManagers) from the jars that
# cluster/pom.xml resolves from Maven Central, configured from flink-conf/.
#
#   scripts/cluster.sh start | stop | status | start-taskmanager | stop-taskmanager
#
# Environment (all optional):
#   CANDLESTREAM_CLUSTER_DIR         configuration, logs, pids and state of this cluster (target/flink-cluster)
#   CANDLESTREAM_REST_PORT           web UI and REST API port (8081)
#   CANDLESTREAM_RPC_PORT            JobManager RPC port (a free one)
#   CANDLESTREAM_STATE_DIR           checkpoints and savepoints (<cluster dir>/state)
#   CANDLESTREAM_CLUSTER_PROPERTIES  extra "key: value" lines that override flink-conf/config.yaml
# The processes inherit the environment, so CANDLESTREAM_JDBC_PASSWORD set here reaches the job's sink.
# Only the processes this script started (their ids are in <cluster dir>/pids) are ever stopped.
set -euo pipefail
source "$(dirname "$0")/cluster-env.sh"

STARTUP_TIMEOUT_S="${CANDLESTREAM_STARTUP_TIMEOUT_S:-90}"

usage() {
  echo "usage: scripts/cluster.sh start|stop|status|start-taskmanager|stop-taskmanager" >&2
  exit 2
}

# Prints a port that nothing listens on (a random one in 20000-59999).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# Writes $CONF_DIR: flink-conf/config.yaml with this cluster's ports and directories (keys given twice are an error
# in YAML, so the overridden keys are removed first), plus the log4j files.
write_conf() {
  local rest_port="$1" rpc_port="$2"
  local overrides
  overrides="$(cat <<YAML
rest.port: $rest_port
jobmanager.rpc.port: $rpc_port
taskmanager.rpc.port: 0
blob.server.port: 0
taskmanager.data.port: 0
execution.checkpointing.dir: file://$STATE_DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$STATE_DIR/savepoints
io.tmp.dirs: $CLUSTER_DIR/tmp
web.tmpdir: $CLUSTER_DIR/tmp/web
YAML
)"
  if [[ -n "${CANDLESTREAM_CLUSTER_PROPERTIES:-}" ]]; then
    overrides+=$'\n'"$CANDLESTREAM_CLUSTER_PROPERTIES"
  fi
  local keys
  keys="$(sed -n 's/^\([A-Za-z0-9_.-]*\):.*/\1/p' <<<"$overrides" | sed 's/\./\\./g' | paste -sd '|')"
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$PID_DIR" "$STATE_DIR/checkpoints" "$STATE_DIR/savepoints" "$CLUSTER_DIR/tmp/web"
  {
    grep -Ev "^($keys):" "$CANDLESTREAM_HOME/flink-conf/config.yaml"
    echo
    echo "# Set by scripts/cluster.sh for this cluster ($CLUSTER_DIR)."
    echo "$overrides"
  } >"$CONF_DIR/config.yaml"
  cp "$CANDLESTREAM_HOME/flink-conf/log4j.properties" "$CANDLESTREAM_HOME/flink-conf/log4j-cli.properties" "$CONF_DIR/"
}

# Whether the process in pid file $1 runs and is one of this cluster's (guards against a reused pid).
alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "--configDir $CONF_DIR"
}

# Starts one process: $1 = name (jobmanager, taskmanager-<n>), $2 = BashJavaUtils command, $3 = main class,
# $4 = the env.java.opts.* key with its own JVM options.
start_process() {
  local name="$1" params="$2" main="$3" opts_key="$4"
  compute_resource_params "$params"
  # shellcheck disable=SC2086 # the option strings are lists of words, as in the distribution's scripts
  nohup java $JVM_PARAMS $(conf_value env.java.opts.all) $(conf_value "$opts_key") \
    -Dlog.file="$LOG_DIR/$name.log" \
    -Dlog4j.configuration="file:$CONF_DIR/log4j.properties" \
    -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
    -cp "$LIB_DIR/*" "$main" --configDir "$CONF_DIR" $DYNAMIC_PARAMS \
    >>"$LOG_DIR/$name.out" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_DIR/$name.pid"
  # The background shell becomes java only after an exec or two; until then the pid does not look like ours.
  for _ in $(seq 1 100); do
    alive "$PID_DIR/$name.pid" || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.05
  done
  echo "started $name (pid $pid), log $LOG_DIR/$name.log"
}

taskmanager_pid_files() {
  ls "$PID_DIR"/taskmanager-*.pid 2>/dev/null | sort -t- -k2 -n || true
}

start_taskmanager() {
  local n=1
  while [[ -e "$PID_DIR/taskmanager-$n.pid" ]]; do
    n=$((n + 1))
  done
  start_process "taskmanager-$n" GET_TM_RESOURCE_PARAMS org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    env.java.opts.taskmanager
}

# Stops the process of pid file $1 (TERM, then KILL after 30 s) and removes the pid file.
stop_process() {
  local file="$1" name pid
  name="$(basename "$file" .pid)"
  if alive "$file"; then
    pid="$(cat "$file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
      alive "$file" || break
      sleep 0.1
    done
    if alive "$file"; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

# Waits until the REST API reports $1 TaskManagers and every started process still runs.
await_taskmanagers() {
  local want="$1" deadline=$((SECONDS + STARTUP_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    for file in "$PID_DIR"/jobmanager.pid $(taskmanager_pid_files | tail -n 1); do
      if ! alive "$file"; then
        echo "$(basename "$file" .pid) exited; the end of its log:" >&2
        tail -n 30 "$LOG_DIR/$(basename "$file" .pid).out" "$LOG_DIR/$(basename "$file" .pid).log" >&2 || true
        return 1
      fi
    done
    local tms
    tms="$(rest_get /overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p')"
    if [[ -n "$tms" && "$tms" -ge "$want" ]]; then
      return 0
    fi
    sleep 0.2
  done
  echo "the cluster did not report $want TaskManager(s) within ${STARTUP_TIMEOUT_S}s; logs in $LOG_DIR" >&2
  return 1
}

live_taskmanagers() {
  local count=0
  for file in $(taskmanager_pid_files); do
    if alive "$file"; then count=$((count + 1)); fi
  done
  echo "$count"
}

cmd_start() {
  if alive "$PID_DIR/jobmanager.pid"; then
    echo "the cluster in $CLUSTER_DIR already runs (JobManager pid $(cat "$PID_DIR/jobmanager.pid"))" >&2
    exit 1
  fi
  local rest_port="${CANDLESTREAM_REST_PORT:-8081}"
  if port_in_use "$rest_port"; then
    echo "port $rest_port is in use (another cluster or demo?); set CANDLESTREAM_REST_PORT to a free port" >&2
    exit 1
  fi
  local rpc_port="${CANDLESTREAM_RPC_PORT:-$(free_port)}"
  ensure_cluster_lib
  write_conf "$rest_port" "$rpc_port"
  cmd_stop >/dev/null # TaskManagers left from an earlier start whose JobManager died
  start_process jobmanager GET_JM_RESOURCE_PARAMS \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint env.java.opts.jobmanager
  start_taskmanager
  if ! await_taskmanagers 1; then
    cmd_stop
    exit 1
  fi
  echo "cluster up: web UI and REST API on http://localhost:$rest_port"
}

cmd_stop() {
  for file in $(taskmanager_pid_files) "$PID_DIR/jobmanager.pid"; do
    [[ -e "$file" ]] && stop_process "$file"
  done
  return 0
}

cmd_status() {
  if [[ ! -f "$CONF_DIR/config.yaml" ]]; then
    echo "no cluster in $CLUSTER_DIR"
    exit 1
  fi
  local running=0
  for file in "$PID_DIR/jobmanager.pid" $(taskmanager_pid_files); do
    [[ -e "$file" ]] || continue
    if alive "$file"; then
      echo "$(basename "$file" .pid): running (pid $(cat "$file"))"
      running=1
    else
      echo "$(basename "$file" .pid): not running"
    fi
  done
  echo "REST API http://localhost:$(conf_value rest.port): $(rest_get /overview)"
  [[ "$running" == 1 ]]
}

cmd_start_taskmanager() {
  if ! alive "$PID_DIR/jobmanager.pid"; then
    echo "no JobManager runs in $CLUSTER_DIR; scripts/cluster.sh start first" >&2
    exit 1
  fi
  for file in $(taskmanager_pid_files); do
    alive "$file" || rm -f "$file"
  done
  local want=$(($(live_taskmanagers) + 1))
  start_taskmanager
  await_taskmanagers "$want"
}

cmd_stop_taskmanager() {
  local newest
  newest="$(taskmanager_pid_files | tail -n 1)"
  if [[ -z "$newest" ]]; then
    echo "no TaskManager to stop" >&2
    exit 1
  fi
  stop_process "$newest"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  start-taskmanager) cmd_start_taskmanager ;;
  stop-taskmanager) cmd_stop_taskmanager ;;
  *) usage ;;
esac
