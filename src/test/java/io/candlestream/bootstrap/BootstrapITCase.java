package io.candlestream.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.Polling;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bootstraps hours of simulated history with {@code --start-from <instant>} and then continues live, on a Flink mini
 * cluster against the simulated exchange and a real PostgreSQL: under REST faults, and under a weight limit that
 * binds; every candle row (1m, 5m, 1h) equals the ground truth computed from the simulator's full trade log.
 */
class BootstrapITCase {

    private static final Instant HISTORY_START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Map<String, Long> INTERVALS = Map.of("1m", 60_000L, "5m", 300_000L, "1h", 3_600_000L);

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void bootstrapsSevenHoursOfHistoryUnderRestFaultsThenContinuesLiveWithEveryCandleExact() throws Exception {
        // The exchange opens at 06:50 with history from 00:00 (about 2 × 55,000 ids) and trades live until 06:56.
        Instant opens = HISTORY_START.plus(Duration.ofMinutes(6 * 60 + 50));
        try (BinanceSimulator exchange = BinanceSimulator.builder()
                .symbols("XRPETH", "BTCUSDT")
                .seed(41)
                .historyStart(HISTORY_START)
                .clock(SimClock.accelerated(opens, 60))
                .tradesPerMinute(135)
                .quietStretchEvery(Duration.ofMinutes(45))
                .haltTradingAt(opens.plus(Duration.ofMinutes(6)))
                .build();
                Connection db = POSTGRES.connection()) {
            exchange.start();
            exchange.faults()
                    .tooManyRequests(2, Duration.ofSeconds(1))
                    .serverErrors(3, 503)
                    .skipIdInPages(2)
                    .slowPages(2, Duration.ofMillis(700));
            JobClient job = submit(exchange, "1m,5m,1h");
            // The 06:00 hour closes at 07:00; 1m candles run to two minutes after the halt.
            long lastHour = HISTORY_START.plus(Duration.ofHours(6)).toEpochMilli();
            long lastMinute = opens.plus(Duration.ofMinutes(8)).toEpochMilli();
            Polling.await("1h candles of 06:00 and 1m candles of 06:58", TIMEOUT,
                    () -> reached(db, exchange, "1h", lastHour) && reached(db, exchange, "1m", lastMinute));
            job.cancel().get();

            var stats = exchange.stats();
            assertThat(stats.injected429s()).as("429s served").isEqualTo(2);
            assertThat(stats.injected5xxs()).as("5xx served").isEqualTo(3);
            assertThat(stats.bans418()).as("418 bans").isZero();
            assertTableIsGroundTruth(db, exchange, List.of("1m", "5m", "1h"));
            assertThat(CandleRows.readAll(db).stream().filter(c -> c.interval().equals("1m")).count())
                    .as("1m rows since 00:00").isGreaterThan(400 * 2);
        }
    }

    @Test
    void bootstrapsUnderABindingWeightLimitWithoutA418() throws Exception {
        // 200 weight per 2 s: about 47 pages per window for the whole IP, a fraction of what the backfill could do.
        Instant opens = HISTORY_START.plus(Duration.ofMinutes(5 * 60 + 30));
        try (BinanceSimulator exchange = BinanceSimulator.builder()
                .symbols("ETHUSDT")
                .seed(42)
                .historyStart(HISTORY_START)
                .clock(SimClock.accelerated(opens, 60))
                .tradesPerMinute(300)
                .quietStretchEvery(Duration.ZERO)
                .haltTradingAt(opens.plus(Duration.ofMinutes(3)))
                .requestWeightLimit(200)
                .weightWindow(Duration.ofSeconds(2))
                .build();
                Connection db = POSTGRES.connection()) {
            exchange.start();
            JobClient job = submit(exchange, "1m,5m");
            long lastMinute = opens.plus(Duration.ofMinutes(5)).toEpochMilli();
            Polling.await("1m candles two minutes after the halt", TIMEOUT,
                    () -> reached(db, exchange, "1m", lastMinute));
            job.cancel().get();

            var stats = exchange.stats();
            assertThat(stats.bans418()).as("418 bans").isZero();
            assertThat(stats.weightLimit429s()).as("429s for weight").isLessThanOrEqualTo(stats.restRequests() / 20);
            assertTableIsGroundTruth(db, exchange, List.of("1m", "5m"));
        }
    }

    private static JobClient submit(BinanceSimulator exchange, String intervals) throws Exception {
        JobOptions options = JobOptions.parse(new String[] {
                "--feed", "binance",
                "--symbols", String.join(",", exchange.symbols()),
                "--ws-url", exchange.wsBaseUrl(),
                "--rest-url", exchange.restBaseUrl(),
                "--intervals", intervals,
                "--jdbc-url", POSTGRES.jdbcUrl(),
                "--jdbc-user", POSTGRES.user(),
                "--start-from", HISTORY_START.toString(),
                "--checkpoint-interval", "1s",
                "--silence-timeout", "3s",
                "--quiet-probe-interval", "300ms"});
        return JobUnderTest.submit(options);
    }

    private static boolean reached(Connection db, BinanceSimulator exchange, String interval, long bucketStart)
            throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        return exchange.symbols().stream().allMatch(symbol -> rows.stream().anyMatch(c -> c.stream().symbol()
                .equals(symbol) && c.interval().equals(interval) && c.bucketStart() >= bucketStart));
    }

    private static void assertTableIsGroundTruth(Connection db, BinanceSimulator exchange, List<String> intervals)
            throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        List<Candle> expected = new ArrayList<>();
        for (String symbol : exchange.symbols()) {
            for (String label : intervals) {
                long last = rows.stream().filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals(label))
                        .mapToLong(Candle::bucketStart).max().orElse(Long.MIN_VALUE);
                expected.addAll(GroundTruthCandles.compute("binance", symbol, label, INTERVALS.get(label),
                        exchange.allTrades(symbol), HISTORY_START.toEpochMilli(), last));
            }
        }
        List<Candle> actual = rows.stream().filter(c -> exchange.symbols().contains(c.stream().symbol())).toList();
        CandleComparison.assertSameRows("candles of " + exchange.symbols(), actual, expected);
    }
}
