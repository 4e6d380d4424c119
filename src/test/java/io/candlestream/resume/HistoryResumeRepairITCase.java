package io.candlestream.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.config.JobOptions;
import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.repair.RepairJob;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleTable;
import io.candlestream.source.enumerator.StartPositionResolver;
import io.candlestream.source.enumerator.StartPositionUnavailableException;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Start positions, resume from the database, dry run and repair, end to end against the simulated exchange, a real
 * PostgreSQL and a Flink mini cluster; every table is compared with candles computed independently from the trades.
 */
class HistoryResumeRepairITCase {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(5);
    private static final Instant START = SimulatedMarket.START;
    private static final long M = 60_000L;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void killedJobWithoutCheckpointsResumesFromTheDatabaseByDefaultWithNoGapAndNoDuplicate() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(21, 40, 30, "XRPETH");
                Connection db = POSTGRES.connection()) {
            JobClient first = JobUnderTest.submit(market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH"));
            Polling.await("a few 5m candles from the first job", CLOSE_TIMEOUT,
                    () -> CandleRows.readAll(db).stream().filter(c -> c.interval().equals("5m")).count() >= 2);
            first.cancel().get(); // no savepoint; the mini cluster discards the checkpoints of a cancelled job
            long stoppedAt = market.simulator().clock().nowMillis();
            Polling.await("3 simulated minutes of trading while no job runs", Duration.ofMinutes(1),
                    () -> market.simulator().clock().nowMillis() >= stoppedAt + 3 * M);

            JobOptions resumed = JobOptions.parse(withoutStartFrom(
                    market.args(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH")));
            assertThat(resumed.startFrom()).isEqualTo(StartPosition.db());
            JobClient second = JobUnderTest.submit(resumed);
            Polling.await("candles up to 3 minutes after the halt", CLOSE_TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 3));
            second.cancel().get();
            market.assertTableIsGroundTruth(db, market.symbols());
        }
    }

    @Test
    void repairRestoresDeletedAndCorruptedRowsExactlyAndASecondRunChangesNothing() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(22, 600, 40, "BTCUSDT");
                Connection db = POSTGRES.connection()) {
            awaitHistoryPast(market, market.haltAt().plusSeconds(60));
            insertGroundTruth(db, market, "BTCUSDT", market.haltAt().toEpochMilli());
            try (Statement sql = db.createStatement()) {
                sql.executeUpdate(delete("1m", START.plusSeconds(7 * 60), START.plusSeconds(8 * 60)));
                sql.executeUpdate(delete("1m", START.plusSeconds(15 * 60), START.plusSeconds(22 * 60)));
                sql.executeUpdate(delete("5m", START.plusSeconds(10 * 60), START.plusSeconds(11 * 60)));
                sql.executeUpdate(delete("5m", START.plusSeconds(25 * 60), START.plusSeconds(35 * 60)));
                assertThat(sql.executeUpdate("update candles set first_cursor = first_cursor + 1, last_cursor ="
                        + " last_cursor + 3 where \"interval\" = '1m' and bucket_start = '"
                        + START.plusSeconds(30 * 60) + "'")).isEqualTo(1);
            }
            String[] args = {
                "--feed", "binance", "--symbols", "BTCUSDT", "--rest-url", market.simulator().restBaseUrl(),
                "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(),
                "--from", START.toString(), "--to", market.haltAt().toString(), "--intervals", "1m,5m"};

            Output first = repair(args);
            assertThat(first.status).as("exit status; output:%n%s%n%s", first.out, first.err).isZero();
            assertThat(first.out).contains("missing", "does not follow", "The range is whole.");
            market.assertTableIsGroundTruth(db, List.of("BTCUSDT"));
            var fills = io.candlestream.sink.BackfillTable.readAll(db, "binance");
            assertThat(fills).as("the repair's fills in the backfills audit table").isNotEmpty()
                    .allMatch(f -> f.reason().equals("REPAIR") && f.trades() > 0 && f.requests() > 0);

            String before = snapshot(db);
            Output second = repair(args);
            assertThat(second.status).isZero();
            assertThat(second.out).contains("nothing to repair");
            assertThat(snapshot(db)).as("rows and updated_at after the second run").isEqualTo(before);
            assertThat(io.candlestream.sink.BackfillTable.readAll(db, "binance")).as("fills after the second run")
                    .isEqualTo(fills);
        }
    }

    @Test
    void dryRunPrintsThePlanWithOnlyTheResolvingLookUpsAndWritesNothing() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(23, 600, 40, "ETHUSDT");
                Connection db = POSTGRES.connection()) {
            awaitHistoryPast(market, market.haltAt().plusSeconds(60));
            String[] args = withoutStartFrom(market.args(POSTGRES.jdbcUrl(), POSTGRES.user(), "ETHUSDT", "--dry-run"));

            Output empty = dryRun(args);
            assertThat(empty.status).as("exit status; %s", empty.err).isZero();
            assertThat(empty.out).contains("Dry run (--start-from db)", "[binance:ETHUSDT]", "total:");
            assertThat(CandleTable.exists(db)).as("the dry run created the table").isFalse();

            // The 1m rows run ahead of the 5m rows: the 5m bucket 00:15–00:20 decides the resume point.
            insertGroundTruth(db, market, "ETHUSDT", START.plusSeconds(23 * 60).toEpochMilli());
            try (Statement sql = db.createStatement()) {
                sql.executeUpdate(delete("5m", START.plusSeconds(20 * 60), START.plusSeconds(25 * 60)));
            }
            List<AggTrade> trades = market.simulator().allTrades("ETHUSDT");
            long resumeCursor = trades.stream().filter(t -> t.time() < START.toEpochMilli() + 20 * M)
                    .mapToLong(AggTrade::aggId).max().orElseThrow();
            long newest = trades.get(trades.size() - 1).aggId();
            long ids = newest - resumeCursor + 1;
            String rows = snapshot(db);
            long requestsBefore = market.simulator().stats().restRequests();

            Output plan = dryRun(args);

            long requests = market.simulator().stats().restRequests() - requestsBefore;
            assertThat(plan.status).as("exit status; %s", plan.err).isZero();
            assertThat(plan.out).contains("[binance:ETHUSDT] load ids " + resumeCursor + " (",
                    "→ " + newest + " (", String.format(java.util.Locale.ROOT, "%,d ids, %,d requests, weight %,d",
                            ids, (ids + 999) / 1000, 4 * ((ids + 999) / 1000)), "6,000 weight/min");
            assertThat(requests).as("history requests: exchangeInfo, the resume trade, the newest trade")
                    .isLessThanOrEqualTo(3);
            assertThat(snapshot(db)).as("table after the dry run").isEqualTo(rows);
        }
    }

    @Test
    void repairWithoutIntervalsChecksEveryIntervalTheTableHoldsAndItsDryRunWritesNothing() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(26, 600, 40, "ETHUSDT");
                Connection db = POSTGRES.connection()) {
            awaitHistoryPast(market, market.haltAt().plusSeconds(60));
            insertGroundTruth(db, market, "ETHUSDT", market.haltAt().toEpochMilli());
            try (Statement sql = db.createStatement()) {
                // The break once seen to pass: a 5m row with a doubled close and a shifted cursor, 1m intact.
                assertThat(sql.executeUpdate("update candles set close = close * 2, last_cursor = last_cursor + 1"
                        + " where symbol = 'ETHUSDT' and \"interval\" = '5m' and bucket_start = '"
                        + START.plusSeconds(20 * 60) + "' and trade_count > 0")).isEqualTo(1);
            }
            String[] args = {
                "--feed", "binance", "--symbols", "ETHUSDT", "--rest-url", market.simulator().restBaseUrl(),
                "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(),
                "--from", START.toString(), "--to", market.haltAt().toString()};
            String corrupted = snapshot(db);

            String[] dryRunArgs = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--dry-run")).toArray(String[]::new);
            Output dry = repair(dryRunArgs);
            assertThat(dry.status).as("dry run exit status; output:%n%s%n%s", dry.out, dry.err).isEqualTo(1);
            assertThat(dry.out).contains("1m,5m", "[binance:ETHUSDT 5m]", "nothing was written");
            assertThat(snapshot(db)).as("table after the dry run").isEqualTo(corrupted);

            Output fixed = repair(args);
            assertThat(fixed.status).as("exit status; output:%n%s%n%s", fixed.out, fixed.err).isZero();
            assertThat(fixed.out).contains("[binance:ETHUSDT 5m]", "The range is whole. Checked intervals: 1m,5m.");
            market.assertTableIsGroundTruth(db, List.of("ETHUSDT"));
        }
    }

    @Test
    void idAndDatabasePositionsOlderThanTheServedHistoryFailWithWhatIsAvailable() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(24, 600, 40, "XRPETH")) {
            Instant servedFrom = START.plusSeconds(10 * 60);
            market.simulator().serveHistoryFrom(servedFrom);
            awaitHistoryPast(market, START.plusSeconds(20 * 60));
            AggTrade oldest = market.simulator().publishedTrades("XRPETH").stream()
                    .filter(t -> t.time() >= servedFrom.toEpochMilli()).findFirst().orElseThrow();
            FeedAdapter feed = Feeds.byName("binance");
            StreamId stream = StreamId.of("binance", "XRPETH");
            String available = "available: from trade " + oldest.aggId() + " at " + Instant.ofEpochMilli(oldest.time());
            try (HistoryClient history = feed.newHistoryClient(
                    HistorySettings.defaults(market.simulator().restBaseUrl()))) {
                ResumeLookup table = s -> Optional.of(new ResumePoint(oldest.aggId() - 500, START.toEpochMilli() + M));
                StartPositionResolver resolver = new StartPositionResolver(feed, history, table);
                for (String position : List.of("id:" + (oldest.aggId() - 1000), "db")) {
                    assertThatThrownBy(() -> resolver.resolve(stream, StartPosition.parse(position)))
                            .as(position)
                            .isInstanceOf(StartPositionUnavailableException.class)
                            .hasMessageContaining("--start-from " + position)
                            .hasMessageContaining("older than the history binance still serves for XRPETH")
                            .hasMessageContaining(available);
                }
                assertThat(resolver.resolve(stream, StartPosition.parse(servedFrom.plusSeconds(300).toString()))
                        .completeFrom()).isEqualTo(servedFrom.plusSeconds(300).toEpochMilli());
            }
        }
    }

    @Test
    void jobWithAStartPositionNoLongerServedFailsOnceInsteadOfRestarting() throws Exception {
        try (SimulatedMarket market = new SimulatedMarket(25, 600, 40, "XRPETH")) {
            market.simulator().serveHistoryFrom(START.plusSeconds(10 * 60));
            awaitHistoryPast(market, START.plusSeconds(20 * 60));
            long requestsBefore = market.simulator().stats().restRequests();
            long pruned = market.simulator().publishedTrades("XRPETH").get(0).aggId() + 10;
            JobClient job = JobUnderTest.submit(market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), "XRPETH",
                    "--start-from", "id:" + pruned));
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES));
            assertThat(ExceptionUtils.findThrowable(failure, StartPositionUnavailableException.class))
                    .as("cause of %s", ExceptionUtils.stringifyException(failure))
                    .hasValueSatisfying(e -> assertThat(e.getMessage())
                            .contains("--start-from id:" + pruned, "available: from trade"));
            assertThat(market.simulator().stats().restRequests() - requestsBefore)
                    .as("history requests: one resolution, no restart loop").isLessThanOrEqualTo(6);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private record Output(int status, String out, String err) {}

    private static Output repair(String[] args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RepairJob.run(args, StreamExecutionEnvironment.getExecutionEnvironment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Output dryRun(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DryRun.runOrExplain(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] withoutStartFrom(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--start-from")) {
                i++;
            } else {
                out.add(args[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    private static void awaitHistoryPast(SimulatedMarket market, Instant instant) throws Exception {
        Polling.await("simulated clock past " + instant, Duration.ofMinutes(1),
                () -> market.simulator().clock().nowMillis() >= instant.toEpochMilli());
    }

    /** Writes the ground-truth 1m and 5m candles of {@code symbol} whose buckets end at or before {@code until}. */
    private static void insertGroundTruth(Connection db, SimulatedMarket market, String symbol, long until)
            throws Exception {
        CandleTable.ensureExists(db);
        List<Candle> rows = new ArrayList<>();
        List<AggTrade> trades = market.simulator().allTrades(symbol);
        rows.addAll(GroundTruthCandles.compute("binance", symbol, "1m", M, trades, START.toEpochMilli(), until - M));
        rows.addAll(GroundTruthCandles.compute("binance", symbol, "5m", 5 * M, trades, START.toEpochMilli(),
                until - 5 * M));
        try (PreparedStatement upsert = db.prepareStatement(CandleSink.UPSERT_SQL)) {
            for (Candle candle : rows) {
                CandleSink.bind(upsert, candle);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static String delete(String interval, Instant from, Instant to) {
        return "delete from candles where \"interval\" = '" + interval + "' and bucket_start >= '" + from
                + "' and bucket_start < '" + to + "'";
    }

    /** Every row with its updated_at, in order: equal snapshots mean nothing was written. */
    private static String snapshot(Connection db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("select * from candles order by symbol, \"interval\", bucket_start")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rs.getString(i)).append(i == columns ? '\n' : '|');
                }
            }
        }
        return out.toString();
    }
}
