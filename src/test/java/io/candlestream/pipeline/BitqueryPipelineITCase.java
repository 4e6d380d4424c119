package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.config.JobOptions;
import io.candlestream.feed.ethereum.RealSwapLogs;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.bitquery.BitqueryFaults;
import io.candlestream.simulator.bitquery.BitquerySimulator;
import io.candlestream.simulator.ethereum.EthereumSimulator;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.ChainGroundTruth;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
 * The real day of two Uniswap V3 pools (2024-01-05) replayed by the Bitquery simulator as DEX-trade portions: three
 * hours loaded from history, the rest live, with aborted sockets, close frames, silence, duplicated frames, close 1013,
 * duplicated and reordered portions, 429, 503 and slow queries, a TaskManager failure and a stop-with-savepoint
 * restart. Every 1m and 5m candle of both pools must equal the candles computed directly from the decoded log file,
 * and equal, row for row, the candles the Ethereum feed writes for the same pools.
 */
class BitqueryPipelineITCase {

    private static final Instant DAY = Instant.parse("2024-01-05T00:00:00Z");
    private static final double SPEED = 1500;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    /** The token surefire puts in the test JVM's environment (pom.xml), where the job's tasks read it. */
    private static final String TOKEN = System.getenv("CANDLESTREAM_BITQUERY_TOKEN");
    private static final String WETH_IN_USDC = RealSwapLogs.USDC_WETH + ":token1";
    private static final String OSQTH_IN_WETH = RealSwapLogs.WETH_OSQTH;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void everyCandleOfTheRealDayEqualsTheLogsAndTheEthereumFeedsCandlesThroughFaultsAFailureAndASavepoint(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
        assumeTrue(RealSwapLogs.present(), "skipped: ../shared/data/uniswap-v3-eth/ is absent (real data lives "
                + "outside the repository)");
        assumeTrue(TOKEN != null && !TOKEN.isBlank(), "skipped: CANDLESTREAM_BITQUERY_TOKEN is not set (Maven's "
                + "surefire sets a test value; an IDE run needs it in the run configuration)");
        List<ChainGroundTruth.Swap> usdcWeth = swaps(RealSwapLogs.USDC_WETH);
        List<ChainGroundTruth.Swap> wethOsqth = swaps(RealSwapLogs.WETH_OSQTH);
        long lastSwap = Math.max(usdcWeth.get(usdcWeth.size() - 1).timestampSeconds(),
                wethOsqth.get(wethOsqth.size() - 1).timestampSeconds()) * 1000;
        long lastBucket = Math.floorDiv(lastSwap, 300_000) * 300_000 + 300_000;

        try (BitquerySimulator bitquery = BitquerySimulator.builder().token(TOKEN)
                        .replayTickCsv(RealSwapLogs.FOLDER).otherDexActivity(Duration.ofHours(6))
                        .clock(SimClock.accelerated(DAY.plus(Duration.ofHours(3)), SPEED))
                        .keepAliveInterval(Duration.ofSeconds(2)).requestsPerMinute(100_000).build();
                Connection db = POSTGRES.connection()) {
            bitquery.start();
            bitquery.faults().transport()
                    .silenceDuration(Duration.ofSeconds(6))
                    .every(45, SocketFault.ABRUPT_CLOSE, SocketFault.CLOSE_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.SILENCE);
            bitquery.faults().tooManyRequests(2, Duration.ofSeconds(1)).serverErrors(3, 503)
                    .slowQueries(2, Duration.ofSeconds(2)).duplicateNextPortions(20).reorderNextPortions(10);
            JobOptions options = JobOptions.parse(
                    "--feed", "bitquery",
                    "--symbols", WETH_IN_USDC + "," + OSQTH_IN_WETH,
                    "--ws-url", bitquery.wsUrl(),
                    "--rest-url", bitquery.httpUrl(),
                    "--intervals", "1m,5m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", DAY.toString(),
                    "--checkpoint-interval", "2s",
                    "--silence-timeout", "5s",
                    "--quiet-probe-interval", "500ms");

            JobClient first = JobUnderTest.submit(options);
            awaitCandlesPast(db, 4);
            onOpenConnection(bitquery).closeAbruptly();
            awaitCandlesPast(db, 5);
            onOpenConnection(bitquery).closeConsumingTooSlowly();
            awaitCandlesPast(db, 6);
            onOpenConnection(bitquery).silence(Duration.ofSeconds(6));
            awaitCandlesPast(db, 7);
            onOpenConnection(bitquery).closeGoingAway();
            awaitCandlesPast(db, 8);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            awaitCandlesPast(db, 10);
            onOpenConnection(bitquery).closeConsumingTooSlowly().duplicateNextPortions(20).reorderNextPortions(10);
            awaitCandlesPast(db, 13);
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            long stoppedAt = bitquery.clock().nowMillis();
            Polling.await("an hour of chain while stopped", Duration.ofMinutes(1),
                    () -> bitquery.clock().nowMillis() >= stoppedAt + 3_600_000);
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = JobUnderTest.submit(options, restore);
            awaitCandlesPast(db, 17);
            onOpenConnection(bitquery).closeConsumingTooSlowly().duplicateNextPortions(20).reorderNextPortions(10);
            awaitCandlesPast(db, 19);
            bitquery.faults().transport().corruptNextFrames(2);
            Polling.await("the 5m candle after the last swap", TIMEOUT,
                    () -> closedPast(db, "bitquery", Instant.ofEpochMilli(lastBucket + 300_000)));
            assertTheTokenIsInNoPageOfTheWebUi(cluster, second.getJobID().toString());
            second.cancel().get();

            var stats = bitquery.stats();
            assertThat(stats.tooSlowCloses()).as("1013 closes").isEqualTo(3);
            assertThat(stats.reorderedPortions()).as("reordered portions").isPositive();
            assertThat(stats.transport().socketFaultsTotal()).as("socket faults injected").isPositive();
            assertThat(stats.subscriptionsStarted()).as("subscriptions (one per connection)").isGreaterThan(6);
            System.out.printf("bitquery real day: %d swaps; simulator %s; transport %s%n",
                    usdcWeth.size() + wethOsqth.size(), stats, stats.transport());
        }

        List<Candle> expected = new ArrayList<>();
        for (String interval : List.of("1m", "5m")) {
            long millis = interval.equals("1m") ? 60_000 : 300_000;
            expected.addAll(ChainGroundTruth.compute(StreamId.of("bitquery", WETH_IN_USDC), true, 6, 18, usdcWeth,
                    interval, millis, DAY.toEpochMilli(), lastBucket));
            expected.addAll(ChainGroundTruth.compute(StreamId.of("bitquery", OSQTH_IN_WETH), false, 18, 18,
                    wethOsqth, interval, millis, DAY.toEpochMilli(), lastBucket));
        }
        assertThat(expected.stream().filter(c -> c.interval().equals("1m")).mapToLong(Candle::tradeCount).sum())
                .as("swaps in the 1m ground truth").isEqualTo(usdcWeth.size() + wethOsqth.size());
        try (Connection db = POSTGRES.connection()) {
            List<Candle> bitqueryRows = rows(db, "bitquery", lastBucket);
            assertThat(Files.readString(Path.of("target", "test.log"))).as("the tests' log (target/test.log)")
                    .contains("bitquery-0").doesNotContain(TOKEN);
            CandleComparison.assertSameRows("bitquery candles of 2024-01-05 (" + expected.size() + " buckets)",
                    bitqueryRows, expected);

            writeEthereumCandles(db, lastBucket);
            List<Candle> ethereumAsBitquery = rows(db, "ethereum", lastBucket).stream()
                    .map(c -> new Candle(StreamId.of("bitquery", c.stream().symbol()), c.interval(), c.bucketStart(),
                            c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume(), c.tradeCount(),
                            c.firstCursor(), c.lastCursor()))
                    .toList();
            CandleComparison.assertSameRows("the ethereum feed's candles of the same pools (" + expected.size()
                    + " buckets)", ethereumAsBitquery, bitqueryRows);
            System.out.printf("bitquery real day: %d buckets compared (1m+5m, 2 streams) with the log and with the "
                    + "ethereum feed, 0 mismatches%n", expected.size());
        }
    }

    /** Loads the same day through the Ethereum feed (node simulator, all of it history by now) into the same table. */
    private static void writeEthereumCandles(Connection db, long lastBucket) throws Exception {
        try (EthereumSimulator node = EthereumSimulator.builder()
                .replayCsv(RealSwapLogs.raw(RealSwapLogs.USDC_WETH), RealSwapLogs.raw(RealSwapLogs.WETH_OSQTH))
                .clock(SimClock.accelerated(DAY.plus(Duration.ofHours(24)), 60))
                .build()) {
            node.start();
            JobClient job = JobUnderTest.submit(JobOptions.parse(
                    "--feed", "ethereum",
                    "--symbols", WETH_IN_USDC + "," + OSQTH_IN_WETH,
                    "--ws-url", node.wsUrl(),
                    "--rest-url", node.rpcUrl(),
                    "--intervals", "1m,5m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", DAY.toString(),
                    "--checkpoint-interval", "2s",
                    "--quiet-probe-interval", "500ms"));
            Polling.await("ethereum candles past the last swap", TIMEOUT,
                    () -> closedPast(db, "ethereum", Instant.ofEpochMilli(lastBucket + 300_000)));
            job.cancel().get();
        }
    }

    /** The pages of the web UI that show the job's configuration, arguments, plan and failures. */
    private static void assertTheTokenIsInNoPageOfTheWebUi(MiniCluster cluster, String job) throws Exception {
        String base = cluster.getRestAddress().get().toString();
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("/jobs/" + job, "/jobs/" + job + "/config", "/jobs/" + job + "/plan",
                "/jobs/" + job + "/exceptions", "/jobmanager/config", "/jobmanager/environment", "/taskmanagers")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", page).isEqualTo(200);
            assertThat(response.body()).as("GET %s", page).isNotEmpty().doesNotContain(TOKEN);
        }
    }

    private static List<Candle> rows(Connection db, String feed, long lastBucket) throws Exception {
        return CandleRows.readAll(db).stream()
                .filter(c -> c.stream().feed().equals(feed) && c.bucketStart() <= lastBucket).toList();
    }

    /** The simulator's faults once a connection is open, so a connection-level fault has a socket to hit. */
    private static BitqueryFaults onOpenConnection(BitquerySimulator bitquery) throws Exception {
        Polling.await("an open Bitquery connection", TIMEOUT,
                () -> bitquery.stats().transport().connectionsOpen() > 0);
        return bitquery.faults();
    }

    private static void awaitCandlesPast(Connection db, int hour) throws Exception {
        Polling.await("bitquery candles past " + hour + ":00", TIMEOUT,
                () -> closedPast(db, "bitquery", DAY.plusSeconds(hour * 3600L)));
    }

    private static boolean closedPast(Connection db, String feed, Instant instant) throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        return List.of(WETH_IN_USDC, OSQTH_IN_WETH).stream().allMatch(symbol -> rows.stream().anyMatch(c ->
                c.stream().feed().equals(feed) && c.stream().symbol().equals(symbol) && c.interval().equals("5m")
                        && c.bucketStart() >= instant.toEpochMilli()));
    }

    private static List<ChainGroundTruth.Swap> swaps(String pool) throws Exception {
        return RealSwapLogs.decodedSwaps(pool).stream().map(s -> new ChainGroundTruth.Swap(s.block(), s.logIndex(),
                s.timestamp(), s.amount0(), s.amount1())).toList();
    }
}
