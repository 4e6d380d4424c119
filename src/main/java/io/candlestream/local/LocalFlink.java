package io.candlestream.local;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A local Flink mini cluster set up the way the production configuration ({@code flink-conf/config.yaml}) runs the
 * job: RocksDB state with incremental checkpoints in a local folder, an exponential-delay restart strategy, the
 * web UI on localhost, and the Prometheus reporter ({@value #PROMETHEUS_PORTS}, the first free port of that range).
 */
public final class LocalFlink {

    public static final int WEB_UI_PORT = 8081;

    /** The ports the Prometheus reporter tries, as {@code flink-conf/config.yaml} sets them. */
    public static final String PROMETHEUS_PORTS = "9249-9259";

    /** The reporter's factory, as in {@code flink-conf/config.yaml}. */
    public static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private LocalFlink() {}

    /** Adds the Prometheus reporter {@code prom} on {@code ports} (a port or a range such as {@code 9249-9259}). */
    public static Configuration withPrometheus(Configuration conf, String ports) {
        conf.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(),
                PROMETHEUS_FACTORY);
        conf.set(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(), ports);
        return conf;
    }

    /** A local environment with the web UI on {@code port}, keeping checkpoints under {@code workDir}. */
    public static StreamExecutionEnvironment environment(Path workDir, int port, int slots) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(RestOptions.PORT, port);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, workDir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, workDir.resolve("savepoints").toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
        withPrometheus(conf, PROMETHEUS_PORTS);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }
}
