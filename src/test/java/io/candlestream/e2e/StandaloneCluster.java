package io.candlestream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.local.FlinkRestMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local standalone Flink cluster driven only through the repository's scripts ({@code scripts/cluster.sh},
 * {@code scripts/flink}) and the REST API, in its own directory and on free ports.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path dir;
    private final int restPort;
    private final Map<String, String> environment = new HashMap<>();
    private final FlinkRestMetrics rest;

    /**
     * @param dir this cluster's directory (configuration, logs, pids, state)
     * @param environment extra environment of the scripts and so of the cluster processes and the CLI
     * @param properties Flink settings that override {@code flink-conf/config.yaml}, as {@code key: value} lines
     */
    StandaloneCluster(Path dir, Map<String, String> environment, String properties) throws IOException {
        this.home = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        this.dir = dir;
        this.restPort = freePort();
        this.environment.putAll(environment);
        this.environment.put("CANDLESTREAM_CLUSTER_DIR", dir.toString());
        this.environment.put("CANDLESTREAM_REST_PORT", Integer.toString(restPort));
        this.environment.put("CANDLESTREAM_RPC_PORT", Integer.toString(freePort()));
        this.environment.put("CANDLESTREAM_CLUSTER_PROPERTIES", properties);
        this.rest = new FlinkRestMetrics("http://localhost:" + restPort);
    }

    /** Starts the JobManager and one TaskManager and waits until the TaskManager registered. */
    void start() throws Exception {
        script("scripts/cluster.sh", "start");
    }

    /** Starts one more TaskManager and waits until it registered. */
    void startTaskManager() throws Exception {
        script("scripts/cluster.sh", "start-taskmanager");
    }

    /** The process id of the newest TaskManager, from the pid file the script wrote. */
    long newestTaskManagerPid() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            Path newest = files.filter(p -> p.getFileName().toString().startsWith("taskmanager-"))
                    .max((a, b) -> Integer.compare(index(a), index(b)))
                    .orElseThrow(() -> new IllegalStateException("no TaskManager pid file in " + dir));
            return Long.parseLong(Files.readString(newest).trim());
        }
    }

    /** Submits the job jar detached ({@code flink run -d [flinkOptions] jar args}) and returns its job id. */
    String submit(List<String> flinkOptions, String... jobArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-d"));
        command.addAll(flinkOptions);
        command.add(home.resolve("target/candlestream.jar").toString());
        command.addAll(List.of(jobArgs));
        return find(JOB_ID, flink(command.toArray(String[]::new)), "a job id");
    }

    /** Stops the job with a savepoint into {@code directory} ({@code flink stop --savepointPath}); its path. */
    String stopWithSavepoint(String jobId, Path directory) throws Exception {
        return find(SAVEPOINT, flink("stop", "--savepointPath", directory.toUri().toString(), jobId),
                "a savepoint path");
    }

    void cancel(String jobId) throws Exception {
        flink("cancel", jobId);
    }

    /** Runs {@code scripts/flink args}; its output. */
    String flink(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/flink"));
        command.addAll(List.of(args));
        return script(command.toArray(String[]::new));
    }

    /** The state of job {@code jobId} as the REST API reports it ({@code RUNNING}, …). */
    String jobState(String jobId) throws IOException {
        return rest.get("/jobs/" + jobId).path("state").asText();
    }

    /** The number of completed checkpoints of the job. */
    long completedCheckpoints(String jobId) throws IOException {
        return rest.get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /**
     * The sum over the job's vertices of the metrics listed by {@code /jobs/<id>/vertices/<vid>/metrics} whose
     * name ends with {@code .name} (per stream and subtask, e.g. {@code 0.Source__….stream.binance:XRPETH.gaps}).
     */
    double vertexMetricSum(String jobId, String name) throws IOException {
        double sum = 0;
        for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode metric : rest.get(base)) {
                if (metric.path("id").asText().endsWith("." + name)) {
                    wanted.add(metric.path("id").asText());
                }
            }
            if (!wanted.isEmpty()) {
                String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
                for (JsonNode metric : rest.get(base + "?get=" + query)) {
                    sum += Double.parseDouble(metric.path("value").asText("0"));
                }
            }
        }
        return sum;
    }

    FlinkRestMetrics rest() {
        return rest;
    }

    Path dir() {
        return dir;
    }

    String restUrl() {
        return "http://localhost:" + restPort;
    }

    /** Stops the processes the scripts started (and only those). */
    @Override
    public void close() throws Exception {
        script("scripts/cluster.sh", "stop");
    }

    /** Runs a script of the repository with this cluster's environment; its output, or an error with the output. */
    private String script(String... command) throws Exception {
        Path output = Files.createTempFile(dir.getParent(), "script", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + SCRIPT_TIMEOUT
                    + ":\n" + Files.readString(output));
        }
        String text = Files.readString(output);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new AssertionError("no " + what + " in the CLI's output:\n" + output);
        }
        return matcher.group(1);
    }

    private static int index(Path pidFile) {
        String name = pidFile.getFileName().toString();
        return Integer.parseInt(name.substring("taskmanager-".length(), name.length() - ".pid".length()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
