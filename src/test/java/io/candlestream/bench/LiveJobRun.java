package io.candlestream.bench;

import io.candlestream.config.JobOptions;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;

/**
 * The real job on a {@link LiveBenchCluster} against a started simulator and a fresh database: decode → gaps →
 * backfill → dedup → 1m+5m candles → JDBC upserts, as {@code flink run} wires it. Closing cancels the job and stops the
 * cluster (the simulator and the database belong to the caller).
 */
final class LiveJobRun implements AutoCloseable {

    /**
     * The operator that receives every trade once, after decode, gaps, backfill and dedup: the candles (its other
     * inputs are one stream start per stream and the rare dead letter).
     */
    static final String TRADES_OPERATOR = "Candles ";

    private final LiveBenchCluster cluster;
    private final JobClient job;
    private final long submittedNanos = System.nanoTime();

    /**
     * Submits the job for {@code symbols} of {@code simulator} at {@code parallelism}, writing into {@code jdbcUrl};
     * {@code extra} are further job options.
     */
    LiveJobRun(BinanceSimulator simulator, List<String> symbols, String jdbcUrl, int parallelism, String... extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--feed", "binance",
                "--symbols", String.join(",", symbols),
                "--ws-url", simulator.wsBaseUrl(),
                "--rest-url", simulator.restBaseUrl(),
                "--intervals", "1m,5m",
                "--jdbc-url", jdbcUrl,
                "--jdbc-user", LiveBenchDatabase.USER,
                "--start-from", "latest",
                "--parallelism", Integer.toString(parallelism)));
        args.addAll(List.of(extra));
        cluster = new LiveBenchCluster(parallelism);
        try {
            job = cluster.submit(JobOptions.parse(args.toArray(String[]::new)), parallelism);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    JobID id() {
        return job.getJobID();
    }

    LiveBenchCluster cluster() {
        return cluster;
    }

    /** Trades received by the candles operator so far (all subtasks, exact and current); -1 before any. */
    long tradesRead() {
        return LiveMetricsReporter.recordsIn(TRADES_OPERATOR);
    }

    /** Waits until every vertex runs and trades have reached the candles; returns the seconds that took. */
    double awaitFlowing(long timeoutSeconds) throws Exception {
        long deadline = submittedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!(cluster.allRunning(id()) && tradesRead() > 0)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the job did not start reading trades within " + timeoutSeconds
                        + " s: " + cluster.job(id()).path("vertices"));
            }
            TimeUnit.MILLISECONDS.sleep(200); // benchmark, not a test: plain waiting
        }
        return (System.nanoTime() - submittedNanos) / 1e9;
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("cancelling the job: " + e);
        } finally {
            cluster.close();
        }
    }
}
