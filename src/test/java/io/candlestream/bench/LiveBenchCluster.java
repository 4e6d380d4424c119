package io.candlestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.CandlestreamJob;
import io.candlestream.config.JobOptions;
import io.candlestream.sink.JdbcSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A Flink mini cluster for the live benchmarks: one TaskManager in this JVM, RocksDB state with incremental
 * checkpoints as in {@code flink-conf/config.yaml}, its REST API on a random port (the
 * benchmarks read records, checkpoints and metrics from it as the web UI does), metrics fetched every 500 ms. Runs the
 * real job, wired as {@code flink run} wires it ({@link CandlestreamJob#build}), at a chosen parallelism.
 */
final class LiveBenchCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster cluster;
    private final Path checkpoints;
    private final URI rest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LiveBenchCluster(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
        // The production state backend and checkpoints (flink-conf/config.yaml): RocksDB, incremental.
        checkpoints = Files.createTempDirectory("candlestream-bench-checkpoints");
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.setString("execution.checkpointing.min-pause", "1s");
        LiveMetricsReporter.reset();
        LiveMetricsReporter.register(conf);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        rest = cluster.getRestAddress().get();
        TestStreamEnvironment.setAsContext(cluster, 1);
    }

    /** Prepares the database and submits the job at {@code parallelism}. */
    JobClient submit(JobOptions options, int parallelism) throws Exception {
        JdbcSettings jdbc = CandlestreamJob.prepareDatabase(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CandlestreamJob.configure(env, options);
        env.setParallelism(parallelism);
        CandlestreamJob.build(env, options, jdbc);
        return env.executeAsync(CandlestreamJob.jobName(options));
    }

    /** The job's details as {@code /jobs/<id>} answers them. */
    JsonNode job(JobID id) throws IOException, InterruptedException {
        return get("/jobs/" + id);
    }

    /** Whether every vertex of the job is running. */
    boolean allRunning(JobID id) throws IOException, InterruptedException {
        JsonNode vertices = job(id).path("vertices");
        if (vertices.isEmpty()) {
            return false;
        }
        for (JsonNode vertex : vertices) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** {@code /jobs/<id>/checkpoints}: counts, the latest completed checkpoint and the summary statistics. */
    JsonNode checkpoints(JobID id) throws IOException, InterruptedException {
        return get("/jobs/" + id + "/checkpoints");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        try {
            cluster.close();
        } finally {
            try (var files = Files.walk(checkpoints)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
