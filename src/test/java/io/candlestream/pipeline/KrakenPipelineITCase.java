package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.kraken.KrakenSimulator;
import io.candlestream.simulator.kraken.KrakenTrade;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on Kraken's simulator, under the faults the Binance pipeline tests inject: socket faults, Kraken's rate
 * limit inside a 200, 5xx, pages that skip an id, a lost TaskManager, a savepoint restart, and a Binance job writing
 * to the same table beside it. Every row must equal the ground truth computed independently from the simulator's full
 * trade log (times floored to the millisecond by the simulator's own code).
 */
class KrakenPipelineITCase {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);
    private static final Instant START = SimulatedMarket.START;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    /** A Kraken market that trades for {@code minutes} simulated minutes at 40× and halts; the clock runs on. */
    private static KrakenSimulator market(long seed, int minutes, String... symbols) {
        KrakenSimulator simulator = KrakenSimulator.builder().symbols(symbols).seed(seed)
                .clock(SimClock.accelerated(START, 40)).tradesPerMinute(90)
                .quietStretchEvery(Duration.ofMinutes(11)).haltTradingAt(START.plus(Duration.ofMinutes(minutes)))
                .build();
        simulator.start();
        return simulator;
    }

    private static JobOptions options(KrakenSimulator market, String symbols) {
        return JobOptions.parse("--feed", "kraken", "--symbols", symbols, "--ws-url", market.wsBaseUrl(),
                "--rest-url", market.restBaseUrl(), "--intervals", "1m,5m", "--jdbc-url", POSTGRES.jdbcUrl(),
                "--jdbc-user", POSTGRES.user(), "--start-from", START.toString(), "--checkpoint-interval", "1s",
                "--silence-timeout", "3s", "--quiet-probe-interval", "300ms");
    }

    /** Whether every pair has a 1m and a 5m row at or after {@code minutesAfterHalt} past the halt. */
    private static boolean closedUntil(Connection db, List<String> symbols, int haltMinute, int minutesAfterHalt)
            throws Exception {
        long target = START.plus(Duration.ofMinutes(haltMinute + minutesAfterHalt)).toEpochMilli();
        List<Candle> rows = CandleRows.readAll(db);
        return symbols.stream().allMatch(symbol -> List.of("1m", "5m").stream().allMatch(interval -> rows.stream()
                .anyMatch(c -> c.stream().feed().equals("kraken") && c.stream().symbol().equals(symbol)
                        && c.interval().equals(interval) && c.bucketStart() >= target)));
    }

    /** The Kraken rows of the table equal the ground truth of the simulator's full log up to the last row. */
    private static void assertTableIsGroundTruth(Connection db, KrakenSimulator market) throws Exception {
        List<Candle> rows = CandleRows.readAll(db).stream().filter(c -> c.stream().feed().equals("kraken")).toList();
        List<Candle> expected = new ArrayList<>();
        for (String symbol : market.symbols()) {
            // the shared ground truth reads trades as (id, price, quantity, one raw trade, floored time)
            List<AggTrade> log = market.allTrades(symbol).stream().map(KrakenPipelineITCase::asTrade).toList();
            for (String label : List.of("1m", "5m")) {
                long millis = label.equals("1m") ? 60_000L : 300_000L;
                long last = rows.stream().filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals(label))
                        .mapToLong(Candle::bucketStart).max().orElse(Long.MIN_VALUE);
                expected.addAll(GroundTruthCandles.compute("kraken", symbol, label, millis, log,
                        START.toEpochMilli(), last));
            }
        }
        CandleComparison.assertSameRows("kraken candles of " + market.symbols(), rows, expected);
    }

    private static AggTrade asTrade(KrakenTrade t) {
        return new AggTrade(t.symbol(), t.tradeId(), t.price(), t.volume(), t.tradeId(), t.tradeId(), t.time(),
                !t.buy());
    }

    @Test
    void candlesEqualGroundTruthDespiteSocketFaultsRateLimitsAndRestErrors() throws Exception {
        try (KrakenSimulator market = market(21, 25, "BTC/USD", "ETH/EUR"); Connection db = POSTGRES.connection()) {
            market.faults()
                    .silenceDuration(Duration.ofSeconds(4))
                    .every(300, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.CLOSE_FRAME, SocketFault.SILENCE)
                    .tooManyRequests(2, Duration.ofSeconds(1))
                    .serverErrors(3, 503)
                    .skipIdInPages(2)
                    .slowPages(2, Duration.ofMillis(700));
            JobClient job = JobUnderTest.submit(options(market, "BTC/USD,ETH/EUR"));
            Polling.await("candles up to 3 minutes after the halt", CLOSE_TIMEOUT,
                    () -> closedUntil(db, market.symbols(), 25, 3));
            job.cancel().get();

            var stats = market.stats();
            assertThat(stats.socketFaultsTotal()).as("socket faults injected").isGreaterThanOrEqualTo(3);
            assertThat(stats.injected429s()).as("rate limits served inside a 200").isEqualTo(2);
            assertThat(stats.injected5xxs()).as("5xx served").isEqualTo(3);
            assertThat(stats.bans418()).as("lockouts for calling during a wait").isZero();
            assertTableIsGroundTruth(db, market);
        }
    }

    @Test
    void recoversFromTaskManagerLossThroughTheLastCheckpoint(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (KrakenSimulator market = market(22, 20, "BTC/USD"); Connection db = POSTGRES.connection()) {
            JobClient job = JobUnderTest.submit(options(market, "BTC/USD"));
            Polling.await("some candles before the failure", CLOSE_TIMEOUT, () -> CandleRows.readAll(db).stream()
                    .filter(c -> c.stream().feed().equals("kraken")).count() >= 5);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> closedUntil(db, market.symbols(), 20, 2));
            job.cancel().get();
            assertTableIsGroundTruth(db, market);
        }
    }

    @Test
    void restartsFromASavepointAndBackfillsWhatTradedWhileItWasStopped(@TempDir Path savepoints) throws Exception {
        try (KrakenSimulator market = market(23, 24, "BTC/USD"); Connection db = POSTGRES.connection()) {
            JobClient first = JobUnderTest.submit(options(market, "BTC/USD"));
            Polling.await("some candles before the savepoint", CLOSE_TIMEOUT, () -> CandleRows.readAll(db).stream()
                    .filter(c -> c.stream().feed().equals("kraken")).count() >= 5);
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            long stoppedAt = market.clock().nowMillis();
            Polling.await("4 simulated minutes of trading while stopped", Duration.ofMinutes(1),
                    () -> market.clock().nowMillis() >= stoppedAt + 240_000);

            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = JobUnderTest.submit(options(market, "BTC/USD"), restore);
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> closedUntil(db, market.symbols(), 24, 2));
            second.cancel().get();
            assertTableIsGroundTruth(db, market);
        }
    }

    @Test
    void aKrakenJobAndABinanceJobWriteToTheSameTableSideBySide() throws Exception {
        try (KrakenSimulator kraken = market(24, 12, "BTC/USD");
                SimulatedMarket binance = new SimulatedMarket(25, 40, 12, "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            JobClient krakenJob = JobUnderTest.submit(options(kraken, "BTC/USD"));
            JobClient binanceJob = JobUnderTest.submit(binance.options(POSTGRES.jdbcUrl(), POSTGRES.user(),
                    "BTCUSDT"));
            Polling.await("both feeds' candles up to 2 minutes after the halt", CLOSE_TIMEOUT,
                    () -> closedUntil(db, kraken.symbols(), 12, 2) && binance.closedUntil(db, binance.symbols(), 2));
            krakenJob.cancel().get();
            binanceJob.cancel().get();
            assertTableIsGroundTruth(db, kraken);
            binance.assertTableIsGroundTruth(db, binance.symbols());
        }
    }
}
