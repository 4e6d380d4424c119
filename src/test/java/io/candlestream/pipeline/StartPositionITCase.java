package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fresh starts without Flink state: {@code latest} and {@code id:n} write only complete buckets, each equal to the
 * ground truth computed from the trades from the start position on; nothing partial, nothing before it.
 */
class StartPositionITCase {

    private static final long MINUTE = 60_000;
    private static final long FIVE_MINUTES = 300_000;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void latestBackfillsTheCurrentMinuteFromItsStartAndSkipsPartialLargerBuckets() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(21, 40, 16, "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            Polling.await("7 simulated minutes of trading", Duration.ofMinutes(1),
                    () -> market.simulator().clock().nowMillis() >= SimulatedMarket.START.toEpochMilli() + 7 * MINUTE + 20_000);
            long submittedAt = market.simulator().clock().nowMillis();
            JobClient job = run(market, "--start-from", "latest");
            Polling.await("candles up to 2 minutes after the halt", Duration.ofMinutes(4),
                    () -> market.closedUntil(db, market.symbols(), 2));
            job.cancel().get();

            List<Candle> rows = CandleRows.readAll(db);
            long first1m = firstBucket(rows, "1m");
            long first5m = firstBucket(rows, "5m");
            assertThat(first1m).as("first 1m bucket: the minute in progress at submission (or the next with trades)")
                    .isGreaterThan(submittedAt - 2 * MINUTE);
            assertThat(first5m).as("first 5m bucket never begins before the start").isGreaterThanOrEqualTo(first1m);
            List<AggTrade> delivered = market.simulator().allTrades("BTCUSDT").stream()
                    .filter(t -> t.time() >= first1m).toList();
            assertEqualsGroundTruthFrom("BTCUSDT", delivered, rows, first1m, first5m);
        }
    }

    @Test
    void idStartWritesNoBucketThatBeginsAtOrBeforeTheFirstTrade() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(22, 40, 14, "ETHUSDT");
                Connection db = POSTGRES.connection()) {
            List<AggTrade> log = market.simulator().allTrades("ETHUSDT");
            AggTrade start = log.stream().filter(t -> t.time() > SimulatedMarket.START.toEpochMilli() + 150_000)
                    .filter(t -> t.time() % MINUTE > 5_000).findFirst().orElseThrow();
            JobClient job = run(market, "--start-from", "id:" + start.aggId());
            Polling.await("candles up to 2 minutes after the halt", Duration.ofMinutes(4),
                    () -> market.closedUntil(db, market.symbols(), 2));
            job.cancel().get();

            List<Candle> rows = CandleRows.readAll(db);
            long first1m = firstBucket(rows, "1m");
            long first5m = firstBucket(rows, "5m");
            assertThat(first1m).as("first 1m bucket is the one after trade %d's minute", start.aggId())
                    .isEqualTo(Math.floorDiv(start.time(), MINUTE) * MINUTE + MINUTE);
            assertThat(first5m).isGreaterThan(start.time());
            List<AggTrade> delivered = log.stream().filter(t -> t.aggId() >= start.aggId()).toList();
            assertEqualsGroundTruthFrom("ETHUSDT", delivered, rows, first1m, first5m);
        }
    }

    /**
     * Asserts the table equals the ground truth of exactly the trades the start position delivers ({@code delivered}),
     * from the first bucket written on: earlier buckets still give later flat candles their previous close.
     */
    private static void assertEqualsGroundTruthFrom(String symbol, List<AggTrade> delivered, List<Candle> rows,
            long first1m, long first5m) {
        List<Candle> expected = new ArrayList<>();
        expected.addAll(GroundTruthCandles.compute("binance", symbol, "1m", MINUTE, delivered, Long.MIN_VALUE,
                lastBucket(rows, "1m")).stream().filter(c -> c.bucketStart() >= first1m).toList());
        expected.addAll(GroundTruthCandles.compute("binance", symbol, "5m", FIVE_MINUTES, delivered, Long.MIN_VALUE,
                lastBucket(rows, "5m")).stream().filter(c -> c.bucketStart() >= first5m).toList());
        CandleComparison.assertSameRows("candles from the start position", rows, expected);
    }

    private static long firstBucket(List<Candle> rows, String interval) {
        return rows.stream().filter(c -> c.interval().equals(interval)).mapToLong(Candle::bucketStart).min()
                .orElseThrow(() -> new AssertionError("no " + interval + " rows"));
    }

    private static long lastBucket(List<Candle> rows, String interval) {
        return rows.stream().filter(c -> c.interval().equals(interval)).mapToLong(Candle::bucketStart).max()
                .orElseThrow();
    }

    private static JobClient run(SimulatedMarket market, String... extra) throws Exception {
        JobOptions options = market.options(POSTGRES.jdbcUrl(), POSTGRES.user(),
                String.join(",", market.symbols()), extra);
        return JobUnderTest.submit(options);
    }
}
