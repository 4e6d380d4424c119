package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.repair.RepairJob;
import io.candlestream.simulator.ethereum.ChainLog;
import io.candlestream.simulator.ethereum.EthereumSimulator;
import io.candlestream.simulator.ethereum.PoolTokens;
import io.candlestream.simulator.ethereum.Reorg;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.ChainGroundTruth;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reorganisations on the simulated chain while the job runs: inside the confirmation window (replaced heads, removed
 * logs, a swap moved one block later) the table must equal the canonical chain's candles; deeper than the window, the
 * job reports it (a {@code DEEP_REORG} dead letter per stream) and a repair run rewrites the range from the canonical
 * chain.
 */
class EthereumReorgITCase {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int BLOCKS = 900;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void reorganisationsInsideTheWindowLeaveExactlyTheCanonicalChainsCandles() throws Exception {
        try (EthereumSimulator node = EthereumSimulator.builder().syntheticPools(2, 41).syntheticBlocks(BLOCKS)
                        .swapEveryBlocks(1).speed(400).build();
                Connection db = POSTGRES.connection()) {
            node.start();
            JobClient job = JobUnderTest.submit(options(node, "12"));
            int reorgs = 0;
            int moved = 0;
            long lastBlock = node.firstBlock() + BLOCKS;
            Polling.await("the chain 40 blocks in", TIMEOUT,
                    () -> node.head() != null && node.head().number() > node.firstBlock() + 40);
            while (node.head().number() < lastBlock - 30) {
                long at = node.head().number();
                Polling.await("15 more blocks", TIMEOUT, () -> node.head().number() >= at + 15);
                Reorg reorg = node.reorg(1 + reorgs % 3, reorgs % 2 == 0);
                reorgs++;
                moved += reorg.movedSwap() == null ? 0 : 1;
            }
            long lastBucket = lastSwapBucket(node);
            Polling.await("candles past the last swap", TIMEOUT, () -> closedPast(db, node, lastBucket + 300_000));
            job.cancel().get();
            assertThat(reorgs).as("reorganisations injected").isGreaterThan(10);
            assertThat(moved).as("swaps moved one block later").isPositive();
            assertTableIsCanonical(db, node, lastBucket);
            System.out.printf("reorgs inside the window: %d injected (%d moved swaps), %s%n", reorgs, moved,
                    node.stats());
        }
    }

    @Test
    void aReorganisationDeeperThanTheWindowIsReportedAndARepairRunRewritesItsCandles() throws Exception {
        try (EthereumSimulator node = EthereumSimulator.builder().syntheticPools(1, 43).syntheticBlocks(BLOCKS)
                        .swapEveryBlocks(1).speed(400).build();
                Connection db = POSTGRES.connection()) {
            node.start();
            JobClient job = JobUnderTest.submit(options(node, "3"));
            Polling.await("the chain 300 blocks in", TIMEOUT,
                    () -> node.head() != null && node.head().number() > node.firstBlock() + 300);
            Reorg deep = node.deepReorg(20, true);
            long lastBucket = lastSwapBucket(node);
            Polling.await("candles past the last swap", TIMEOUT, () -> closedPast(db, node, lastBucket + 300_000));
            job.cancel().get();
            assertThat(deepReorgLetters(db)).as("DEEP_REORG dead letters").isPositive();

            long from = Math.floorDiv(node.blockAt(deep.oldBlocks().get(0).number()).timestamp() * 1000, 300_000)
                    * 300_000 - 300_000;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(List.of(arguments(node, "3")));
            args.addAll(List.of("--from", Instant.ofEpochMilli(from).toString(),
                    "--to", Instant.ofEpochMilli(from + 3_600_000).toString()));
            int status = RepairJob.run(withoutStart(args), StreamExecutionEnvironment.getExecutionEnvironment(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as("repair exit status; out:%n%s%nerr:%n%s", out, err).isZero();
            assertTableIsCanonical(db, node, lastBucket);
        }
    }

    @Test
    void aJobKilledWithoutASavepointResumesFromTheDatabaseWithNothingMissingOrDoubled() throws Exception {
        try (EthereumSimulator node = EthereumSimulator.builder().syntheticPools(2, 47).syntheticBlocks(BLOCKS)
                        .swapEveryBlocks(1).speed(400).build();
                Connection db = POSTGRES.connection()) {
            node.start();
            JobClient first = JobUnderTest.submit(options(node, "12"));
            Polling.await("candles of the first 300 blocks", TIMEOUT, () -> closedPast(db, node,
                    node.blockAt(node.firstBlock()).timestamp() * 1000 + 300 * 12_000L));
            first.cancel().get();
            long killedAt = node.head().number();
            Polling.await("100 blocks while no job runs", TIMEOUT, () -> node.head().number() > killedAt + 100);
            List<String> args = new ArrayList<>(List.of(arguments(node, "12")));
            args.set(args.indexOf("--start-from") + 1, "db");
            JobClient second = JobUnderTest.submit(JobOptions.parse(args.toArray(String[]::new)));
            long lastBucket = lastSwapBucket(node);
            Polling.await("candles past the last swap", TIMEOUT, () -> closedPast(db, node, lastBucket + 300_000));
            second.cancel().get();
            assertTableIsCanonical(db, node, lastBucket);
        }
    }

    private static JobOptions options(EthereumSimulator node, String confirmations) {
        return JobOptions.parse(arguments(node, confirmations));
    }

    private static String[] arguments(EthereumSimulator node, String confirmations) {
        return new String[] {"--feed", "ethereum", "--symbols", String.join(",", node.pools().keySet()),
            "--ws-url", node.wsUrl(), "--rest-url", node.rpcUrl(), "--intervals", "1m,5m",
            "--jdbc-url", POSTGRES.jdbcUrl(), "--jdbc-user", POSTGRES.user(),
            "--start-from", "block:" + node.firstBlock(), "--confirmations", confirmations,
            "--checkpoint-interval", "2s", "--silence-timeout", "3s", "--quiet-probe-interval", "500ms"};
    }

    private static String[] withoutStart(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--start-from") || args.get(i).equals("--silence-timeout")
                    || args.get(i).equals("--quiet-probe-interval")) {
                i++;
                continue;
            }
            kept.add(args.get(i));
        }
        return kept.toArray(String[]::new);
    }

    private static long lastSwapBucket(EthereumSimulator node) {
        List<ChainLog> logs = node.canonicalLogs();
        long lastBlock = logs.get(logs.size() - 1).blockNumber();
        return Math.floorDiv(node.blockAt(lastBlock).timestamp() * 1000, 300_000) * 300_000;
    }

    private static boolean closedPast(Connection db, EthereumSimulator node, long bucket) throws Exception {
        List<Candle> rows = CandleRows.readAll(db);
        return node.pools().keySet().stream().allMatch(pool -> rows.stream().anyMatch(c ->
                c.stream().symbol().equals(pool) && c.interval().equals("5m") && c.bucketStart() >= bucket));
    }

    private static long deepReorgLetters(Connection db) throws Exception {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from dead_letters where kind = 'DEEP_REORG'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The table up to {@code lastBucket} equals candles computed by this test from the canonical chain's logs. */
    private static void assertTableIsCanonical(Connection db, EthereumSimulator node, long lastBucket)
            throws Exception {
        List<Candle> expected = new ArrayList<>();
        for (Map.Entry<String, PoolTokens> pool : node.pools().entrySet()) {
            List<ChainGroundTruth.Swap> swaps = node.minedCanonicalLogs().stream()
                    .filter(l -> l.address().equals(pool.getKey()) && l.isSwap())
                    .map(l -> new ChainGroundTruth.Swap(l.blockNumber(), l.logIndex(),
                            node.blockAt(l.blockNumber()).timestamp(), word(l.data(), 0), word(l.data(), 1)))
                    .toList();
            StreamId stream = StreamId.of("ethereum", pool.getKey());
            for (String interval : List.of("1m", "5m")) {
                long millis = interval.equals("1m") ? 60_000 : 300_000;
                expected.addAll(ChainGroundTruth.compute(stream, false, pool.getValue().decimals0(),
                        pool.getValue().decimals1(), swaps, interval, millis, Long.MIN_VALUE, lastBucket));
            }
        }
        // --start-from block:<first> makes the first block's own buckets partial, so they are not written.
        long firstBlockMillis = node.blockAt(node.firstBlock()).timestamp() * 1000;
        expected.removeIf(c -> c.bucketStart() <= firstBlockMillis);
        List<Candle> actual = CandleRows.readAll(db).stream().filter(c -> c.bucketStart() <= lastBucket).toList();
        CandleComparison.assertSameRows("candles of the canonical chain (" + expected.size() + " buckets)", actual,
                expected);
    }

    /** Word {@code index} of ABI data as a signed 256-bit integer (two's complement), read here, not by the feed. */
    private static BigInteger word(String data, int index) {
        BigInteger value = new BigInteger(data.substring(2 + 64 * index, 2 + 64 * (index + 1)), 16);
        return value.testBit(255) ? value.subtract(BigInteger.ONE.shiftLeft(256)) : value;
    }
}
