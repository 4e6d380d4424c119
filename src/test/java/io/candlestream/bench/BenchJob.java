package io.candlestream.bench;

import io.candlestream.config.JobOptions;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.testing.JobUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * The real job (the wiring of {@code flink run}, through {@link JobUnderTest}) on a local MiniCluster of its own,
 * pointed at a Binance simulator and a benchmark PostgreSQL.
 */
final class BenchJob {

    private BenchJob() {}

    /** The job's options for this exchange and database, {@code extra} appended; the others at their defaults. */
    static JobOptions options(BinanceSimulator exchange, BenchPostgres postgres, String startFrom, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--feed", "binance",
                "--symbols", String.join(",", exchange.symbols()),
                "--ws-url", exchange.wsBaseUrl(),
                "--rest-url", exchange.restBaseUrl(),
                "--intervals", "1m,5m",
                "--jdbc-url", postgres.jdbcUrl(),
                "--jdbc-user", postgres.user(),
                "--start-from", startFrom)); // the rest at their production defaults (README, "Options")
        args.addAll(List.of(extra));
        return JobOptions.parse(args.toArray(String[]::new));
    }

    /**
     * The state settings of {@code flink-conf/config.yaml} (production): RocksDB, incremental checkpoints to files,
     * here in a fresh temporary directory. Without them a MiniCluster keeps checkpoints on the JobManager's heap, which
     * refuses state over 5 MB (a bootstrap of many streams holds more while its buckets wait for the watermark).
     */
    static Configuration productionState() throws java.io.IOException {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                java.nio.file.Files.createTempDirectory("bench-checkpoints").toUri().toString());
        return conf;
    }

    /** Submits the job at parallelism 1 and returns once it is RUNNING (the MiniCluster's start is not counted). */
    static JobClient submitRunning(JobOptions options, Configuration extra) throws Exception {
        JobClient job = JobUnderTest.submit(options, extra);
        await("the job RUNNING", Duration.ofMinutes(1), () -> job.getJobStatus().get() == JobStatus.RUNNING);
        return job;
    }

    /** A condition the benchmark waits for. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 50 ms; fails after {@code timeout}. Benchmark code, not a test. */
    static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * Cancels the job and waits until it has terminated (so no task still writes when the benchmark closes its
     * database); errors of an already finished job, and the cancellation the result reports, are ignored.
     */
    static void cancel(JobClient job) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already terminal
        }
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a cancelled job's result is an exception: it has terminated
        }
    }
}
