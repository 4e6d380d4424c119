package io.candlestream.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.config.StartPosition;
import io.candlestream.model.Candle;
import io.candlestream.repair.RepairJob;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.kraken.KrakenSimulator;
import io.candlestream.simulator.kraken.KrakenTrade;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleTable;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Start positions, resume from the database, dry run and repair for Kraken, end to end against the Kraken simulator,
 * a real PostgreSQL and a Flink mini cluster; tables are compared with candles computed from the full trade log.
 */
class KrakenResumeRepairITCase {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long M = 60_000L;
    private static final String PAIR = "BTC/USD";

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    private static KrakenSimulator market(long seed, double speed, int minutes) {
        KrakenSimulator simulator = KrakenSimulator.builder().symbols(PAIR).seed(seed)
                .clock(SimClock.accelerated(START, speed)).tradesPerMinute(90)
                .quietStretchEvery(Duration.ofMinutes(11)).haltTradingAt(START.plus(Duration.ofMinutes(minutes)))
                .build();
        simulator.start();
        return simulator;
    }

    private static List<String> args(KrakenSimulator market, String... extra) {
        List<String> args = new ArrayList<>(List.of("--feed", "kraken", "--symbols", PAIR, "--ws-url",
                market.wsBaseUrl(), "--rest-url", market.restBaseUrl(), "--intervals", "1m,5m", "--jdbc-url",
                POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(), "--checkpoint-interval", "1s",
                "--silence-timeout", "3s", "--quiet-probe-interval", "300ms"));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<AggTrade> log(KrakenSimulator market) {
        return market.allTrades(PAIR).stream().map(t -> new AggTrade(t.symbol(), t.tradeId(), t.price(), t.volume(),
                t.tradeId(), t.tradeId(), t.time(), !t.buy())).toList();
    }

    private static List<Candle> groundTruth(KrakenSimulator market, long last1m, long last5m) {
        List<Candle> rows = new ArrayList<>(GroundTruthCandles.compute("kraken", PAIR, "1m", M, log(market),
                START.toEpochMilli(), last1m));
        rows.addAll(GroundTruthCandles.compute("kraken", PAIR, "5m", 5 * M, log(market), START.toEpochMilli(),
                last5m));
        return rows;
    }

    private static void assertTableIsGroundTruth(Connection db, KrakenSimulator market) throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        long last1m = rows.stream().filter(c -> c.interval().equals("1m")).mapToLong(Candle::bucketStart).max()
                .orElseThrow();
        long last5m = rows.stream().filter(c -> c.interval().equals("5m")).mapToLong(Candle::bucketStart).max()
                .orElseThrow();
        CandleComparison.assertSameRows("kraken " + PAIR, rows, groundTruth(market, last1m, last5m));
    }

    @Test
    void killedJobWithoutCheckpointsResumesFromTheDatabaseWithNoGapAndNoDuplicate() throws Exception {
        try (KrakenSimulator market = market(31, 40, 20); Connection db = POSTGRES.connection()) {
            JobClient first = JobUnderTest.submit(JobOptions.parse(args(market, "--start-from", START.toString())
                    .toArray(String[]::new)));
            Polling.await("a few 5m candles from the first job", CLOSE_TIMEOUT,
                    () -> CandleRows.readAll(db).stream().filter(c -> c.interval().equals("5m")).count() >= 2);
            first.cancel().get();
            long stoppedAt = market.clock().nowMillis();
            Polling.await("3 simulated minutes of trading while no job runs", Duration.ofMinutes(1),
                    () -> market.clock().nowMillis() >= stoppedAt + 3 * M);

            JobOptions resumed = JobOptions.parse(args(market).toArray(String[]::new));
            assertThat(resumed.startFrom()).isEqualTo(StartPosition.db());
            JobClient second = JobUnderTest.submit(resumed);
            long target = START.plus(Duration.ofMinutes(22)).toEpochMilli();
            Polling.await("candles up to 2 minutes after the halt", CLOSE_TIMEOUT, () -> CandleRows.readAll(db)
                    .stream().filter(c -> c.interval().equals("5m")).anyMatch(c -> c.bucketStart() >= target - 2 * M)
                    && CandleRows.readAll(db).stream().anyMatch(c -> c.bucketStart() >= target));
            second.cancel().get();
            assertTableIsGroundTruth(db, market);
        }
    }

    @Test
    void dryRunPlansInRequestsAndRepairRestoresDeletedRowsExactly() throws Exception {
        try (KrakenSimulator market = market(32, 600, 40); Connection db = POSTGRES.connection()) {
            Instant halt = START.plus(Duration.ofMinutes(40));
            Polling.await("simulated clock past the halt", Duration.ofMinutes(1),
                    () -> market.clock().nowMillis() >= halt.plusSeconds(60).toEpochMilli());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int dry = DryRun.runOrExplain(args(market, "--start-from", START.toString(), "--dry-run")
                    .toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(dry).as("dry run exit status; %s", err).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("[kraken:BTC/USD]", "requests", "total:");
            assertThat(CandleTable.exists(db)).as("the dry run created the table").isFalse();

            CandleTable.ensureExists(db);
            List<Candle> truth = groundTruth(market, halt.toEpochMilli() - M, halt.toEpochMilli() - 5 * M);
            try (PreparedStatement upsert = db.prepareStatement(CandleSink.UPSERT_SQL)) {
                for (Candle candle : truth) {
                    CandleSink.bind(upsert, candle);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            try (Statement sql = db.createStatement()) {
                sql.executeUpdate("delete from candles where \"interval\" = '1m' and bucket_start >= '"
                        + START.plusSeconds(7 * 60) + "' and bucket_start < '" + START.plusSeconds(12 * 60) + "'");
                sql.executeUpdate("delete from candles where \"interval\" = '5m' and bucket_start >= '"
                        + START.plusSeconds(20 * 60) + "' and bucket_start < '" + START.plusSeconds(30 * 60) + "'");
            }
            String[] repairArgs = {"--feed", "kraken", "--symbols", PAIR, "--rest-url", market.restBaseUrl(),
                "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(), "--from", START.toString(),
                "--to", halt.toString(), "--intervals", "1m,5m"};
            ByteArrayOutputStream repairOut = new ByteArrayOutputStream();
            int status = RepairJob.run(repairArgs, StreamExecutionEnvironment.getExecutionEnvironment(),
                    new PrintStream(repairOut, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            assertThat(status).as("repair exit status; %s", repairOut).isZero();
            assertThat(repairOut.toString(StandardCharsets.UTF_8)).contains("missing", "The range is whole.");
            CandleComparison.assertSameRows("repaired kraken " + PAIR, CandleRows.readAll(db), truth);
        }
    }
}
