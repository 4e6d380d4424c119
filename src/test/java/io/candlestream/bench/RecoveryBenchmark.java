package io.candlestream.bench;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * Row "recovery": the job runs live on BTCUSDT at 1,000 trades/s, stops with a savepoint, the exchange keeps trading
 * through an outage (10 simulated minutes in the full run, 2 in the quick run), and the job restarts from the
 * savepoint. The outage does not take real minutes: the simulator's clock is advanced at once
 * ({@link SimClock#advance}), so the outage's trades exist when the job restarts, but loading them is real (the
 * restored source finds the hole between its savepoint cursor and the first live trade and the backfill operator
 * pages it from the simulator's REST API, within its weight limit of 6,000 a minute). The job is live again when the
 * {@code backfills} table shows the newest trade that existed at the restart loaded: seconds from the restarted job
 * RUNNING to that row (polled every 50 ms; the backfill sink flushes at least every 200 ms). Ratio: outage length
 * (simulated time from the stop to the restart) over catch-up seconds.
 */
final class RecoveryBenchmark implements TableBenchmark {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        Duration outage = Duration.ofMinutes(mode.pick(2, 10));
        long warmUpSeconds = mode.pick(10, 30);
        Path savepoints = Files.createTempDirectory("bench-savepoints");
        try (BenchPostgres postgres = BenchPostgres.start();
                BinanceSimulator exchange = BinanceSimulator.builder().symbols("BTCUSDT").seed(17)
                        .clock(SimClock.accelerated(START, 1)).tradesPerMinute(LongGapRun.TRADES_PER_MINUTE)
                        .quietStretchEvery(Duration.ZERO).build();
                Connection db = postgres.connect()) {
            exchange.start();
            var options = BenchJob.options(exchange, postgres, START.toString());
            JobClient first = BenchJob.submitRunning(options, BenchJob.productionState());
            TimeUnit.SECONDS.sleep(warmUpSeconds);
            long stoppedAt = exchange.clock().nowMillis();
            List<AggTrade> atStop = exchange.publishedTrades("BTCUSDT");
            long idAtStop = atStop.get(atStop.size() - 1).aggId();
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);

            exchange.clock().advance(outage);
            TimeUnit.MILLISECONDS.sleep(300); // the publisher's next check makes the outage's trades take place
            List<AggTrade> published = exchange.publishedTrades("BTCUSDT");
            long newestId = published.get(published.size() - 1).aggId();
            long outageMillis = exchange.clock().nowMillis() - stoppedAt;
            double rate = (newestId - idAtStop) / (outageMillis / 1000.0);
            System.out.printf(Locale.ROOT, "outage: %.1f simulated s after %d s live, ids %d..%d traded in it: "
                    + "%,.0f trades/s%n", outageMillis / 1000.0, warmUpSeconds, idAtStop + 1, newestId, rate);

            Configuration restore = BenchJob.productionState();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = BenchJob.submitRunning(options, restore);
            long start = System.nanoTime();
            double catchUp;
            try {
                BenchJob.await("the outage's newest trade backfilled", Duration.ofMinutes(10), () -> BenchPostgres
                        .queryLong(db, "select max(last_cursor) from backfills", -1) >= newestId);
                catchUp = (System.nanoTime() - start) / 1e9;
            } finally {
                BenchJob.cancel(second);
            }
            System.out.printf(Locale.ROOT, "catch-up: %.2f s for %,d ids%n", catchUp, newestId - idAtStop);
            double outageSeconds = outageMillis / 1000.0;
            String label = String.format(Locale.ROOT, "recovery after %d min outage at %,.0f trades/s",
                    outage.toMinutes(), rate);
            return List.of(new BenchRow(label, catchUp, outageSeconds, outageSeconds / catchUp, ">= 50",
                    "s (catch-up vs outage)"));
        }
    }
}
