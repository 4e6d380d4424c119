package io.candlestream.bench;

import io.candlestream.config.JobOptions;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.testing.JobUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * The real job (the wiring of {@code flink run}, through {@link JobUnderTest}) on a local MiniCluster of its own,
 * pointed at a Binance simulator and a benchmark PostgreSQL.
 */
final class BenchJob {

    private BenchJob() {}

    /** The job's options for this exchange and database, {@code extra} appended (later options win). */
    static JobOptions options(BinanceSimulator exchange, BenchPostgres postgres, String startFrom, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--feed", "binance",
                "--symbols", String.join(",", exchange.symbols()),
                "--ws-url", exchange.wsBaseUrl(),
                "--rest-url", exchange.restBaseUrl(),
                "--intervals", "1m,5m",
                "--jdbc-url", postgres.jdbcUrl(),
                "--jdbc-user", postgres.user(),
                "--start-from", startFrom,
                "--checkpoint-interval", "2s",
                "--silence-timeout", "5s",
                "--quiet-probe-interval", "300ms"));
        args.addAll(List.of(extra));
        return JobOptions.parse(args.toArray(String[]::new));
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

    /** Cancels the job and waits until it is gone; errors of an already finished job are ignored. */
    static void cancel(JobClient job) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already terminal
        }
    }
}
