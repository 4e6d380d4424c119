package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.config.JobOptions;
import io.candlestream.feed.ethereum.RealSwapLogs;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ethereum.EthereumSimulator;
import io.candlestream.simulator.ethereum.RangeLimit;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.ChainGroundTruth;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
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
 * The real day of two Uniswap V3 pools (2024-01-05) replayed by the node simulator as a live chain: three hours of
 * history bootstrapped, the rest live, with socket faults, range-limit errors, 429 and 503 answers, a TaskManager
 * failure and a stop-with-savepoint restart. Every 1m and 5m candle of both pools (one priced in its token1 base) must
 * equal the candles computed directly from the decoded log file.
 */
class EthereumPipelineITCase {

    private static final Instant DAY = Instant.parse("2024-01-05T00:00:00Z");
    private static final double SPEED = 1500;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void everyCandleOfTheRealDayEqualsTheLogsCandlesThroughFaultsAFailureAndASavepoint(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
        assumeTrue(RealSwapLogs.present(), "skipped: ../shared/data/uniswap-v3-eth/ is absent (real data lives "
                + "outside the repository)");
        try (EthereumSimulator node = EthereumSimulator.builder()
                        .replayCsv(RealSwapLogs.raw(RealSwapLogs.USDC_WETH), RealSwapLogs.raw(RealSwapLogs.WETH_OSQTH))
                        .clock(SimClock.accelerated(DAY.plus(Duration.ofHours(3)), SPEED))
                        .build();
                Connection db = POSTGRES.connection()) {
            node.start();
            node.faults().rangeLimit(RangeLimit.infuraResults(25));
            node.faults().transport()
                    .silenceDuration(Duration.ofSeconds(4))
                    .every(700, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.CLOSE_FRAME, SocketFault.SILENCE)
                    .tooManyRequests(2, Duration.ofSeconds(1))
                    .serverErrors(3, 503);
            JobOptions options = JobOptions.parse(
                    "--feed", "ethereum",
                    "--symbols", RealSwapLogs.USDC_WETH + ":token1," + RealSwapLogs.WETH_OSQTH,
                    "--ws-url", node.wsUrl(),
                    "--rest-url", node.rpcUrl(),
                    "--intervals", "1m,5m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", DAY.toString(),
                    "--checkpoint-interval", "2s",
                    "--silence-timeout", "3s",
                    "--quiet-probe-interval", "500ms");

            JobClient first = JobUnderTest.submit(options);
            Polling.await("candles past 08:00", TIMEOUT, () -> closedPast(db, DAY.plus(Duration.ofHours(8))));
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            Polling.await("candles past 13:00", TIMEOUT, () -> closedPast(db, DAY.plus(Duration.ofHours(13))));
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            long stoppedAt = node.clock().nowMillis();
            Polling.await("an hour of chain while stopped", Duration.ofMinutes(1),
                    () -> node.clock().nowMillis() >= stoppedAt + 3_600_000);
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = JobUnderTest.submit(options, restore);

            List<ChainGroundTruth.Swap> usdcWeth = swaps(RealSwapLogs.USDC_WETH);
            List<ChainGroundTruth.Swap> wethOsqth = swaps(RealSwapLogs.WETH_OSQTH);
            long lastSwap = Math.max(usdcWeth.get(usdcWeth.size() - 1).timestampSeconds(),
                    wethOsqth.get(wethOsqth.size() - 1).timestampSeconds()) * 1000;
            long lastBucket = Math.floorDiv(lastSwap, 300_000) * 300_000 + 300_000;
            Polling.await("the 5m candle after the last swap", TIMEOUT,
                    () -> closedPast(db, Instant.ofEpochMilli(lastBucket + 300_000)));
            second.cancel().get();
            assertThat(node.stats().rangeLimitErrors()).as("range-limit errors answered").isPositive();
            assertThat(node.stats().transport().socketFaultsTotal()).as("socket faults injected").isPositive();

            StreamId weth = StreamId.of("ethereum", RealSwapLogs.USDC_WETH + ":token1");
            StreamId osqth = StreamId.of("ethereum", RealSwapLogs.WETH_OSQTH);
            List<Candle> expected = new ArrayList<>();
            for (String interval : List.of("1m", "5m")) {
                long millis = interval.equals("1m") ? 60_000 : 300_000;
                expected.addAll(ChainGroundTruth.compute(weth, true, 6, 18, usdcWeth, interval, millis,
                        DAY.toEpochMilli(), lastBucket));
                expected.addAll(ChainGroundTruth.compute(osqth, false, 18, 18, wethOsqth, interval, millis,
                        DAY.toEpochMilli(), lastBucket));
            }
            List<Candle> actual = CandleRows.readAll(db).stream().filter(c -> c.bucketStart() <= lastBucket).toList();
            assertThat(expected.stream().filter(c -> c.interval().equals("1m")).mapToLong(Candle::tradeCount).sum())
                    .as("swaps in the 1m ground truth").isEqualTo(usdcWeth.size() + wethOsqth.size());
            System.out.printf("ethereum real day: %d swaps, %d buckets compared (1m+5m, 2 streams), %s, %s%n",
                    usdcWeth.size() + wethOsqth.size(), expected.size(), node.stats(), node.stats().transport());
            CandleComparison.assertSameRows("ethereum candles of 2024-01-05 (" + expected.size() + " buckets)",
                    actual, expected);
        }
    }

    private static boolean closedPast(Connection db, Instant instant) throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        return List.of(RealSwapLogs.USDC_WETH + ":token1", RealSwapLogs.WETH_OSQTH).stream().allMatch(symbol ->
                rows.stream().anyMatch(c -> c.stream().symbol().equals(symbol) && c.interval().equals("5m")
                        && c.bucketStart() >= instant.toEpochMilli()));
    }

    private static List<ChainGroundTruth.Swap> swaps(String pool) throws Exception {
        return RealSwapLogs.decodedSwaps(pool).stream().map(s -> new ChainGroundTruth.Swap(s.block(), s.logIndex(),
                s.timestamp(), s.amount0(), s.amount1())).toList();
    }
}
