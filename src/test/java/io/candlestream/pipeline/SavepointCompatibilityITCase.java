package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.CandlestreamJob;
import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.CandleComparison;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.GroundTruthCandles;
import io.candlestream.testing.Polling;
import io.candlestream.testing.SimulatedMarket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path: a canonical savepoint taken with version 1 of the job is committed under
 * {@code src/test/resources/savepoints/candlestream-v1/} and must be restored by the current code, which then writes
 * candles equal to the ground truth, continuing exactly where the old job stopped (as Kafka's
 * {@code KafkaSourceMigrationITCase} does for its source).
 *
 * <p>To write a new savepoint (only when the state format changes on purpose, as a new version directory):
 * {@code mvn -B -o -q test -Dtest=SavepointCompatibilityITCase#writesTheCommittedSavepoint
 * -Dcandlestream.writeSavepoint=true}.
 */
class SavepointCompatibilityITCase {

    static final String SAVEPOINT = "savepoints/candlestream-v1";
    static final String PROPERTIES = "savepoints/candlestream-v1.properties";
    static final String WRITE_PROPERTY = "candlestream.writeSavepoint";

    // The market the savepoint was taken from; the restore test replays the same trades (same seed and START).
    static final long SEED = 31;
    static final double SPEED = 40;
    static final int TRADING_MINUTES = 12;
    static final String[] SYMBOLS = {"XRPETH", "BTCUSDT"};
    static final List<String> INTERVALS = List.of("1m", "5m");
    static final int ONE_MINUTE_CANDLES_BEFORE_SAVEPOINT = 4;

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(2);

    @Test
    void restoresTheCommittedVersionOneSavepointAndContinuesWithExactCandles(@TempDir Path temp) throws Exception {
        Path savepoint = temp.resolve("candlestream-v1");
        copyDirectory(resource(SAVEPOINT), savepoint);
        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(resource(PROPERTIES))) {
            written.load(in);
        }
        assertThat(Long.parseLong(written.getProperty("seed"))).as("seed of the committed savepoint").isEqualTo(SEED);
        assertThat(written.getProperty("start")).isEqualTo(SimulatedMarket.START.toString());

        try (SimulatedMarket market = new SimulatedMarket(SEED, SPEED, TRADING_MINUTES, SYMBOLS);
                Connection db = POSTGRES.connection()) {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
            // Not allowed to drop state: every operator of the old job must still find its uid in the new one.
            restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
            JobClient job = JobUnderTest.submit(options(market), restore);
            Polling.await("candles up to 2 minutes after the halt", TIMEOUT,
                    () -> market.closedUntil(db, market.symbols(), 2));
            job.cancel().get();

            List<Candle> rows = CandleRows.readAll(db);
            List<Candle> expected = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                for (String interval : INTERVALS) {
                    long millis = intervalMillis(interval);
                    List<Candle> written1 = rows.stream()
                            .filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals(interval))
                            .sorted(Comparator.comparingLong(Candle::bucketStart)).toList();
                    assertThat(written1).as("%s %s rows of the restored job", symbol, interval).isNotEmpty();
                    long lastBefore = Long.parseLong(
                            written.getProperty("lastBucketBeforeSavepoint." + symbol + "." + interval));
                    // Restored, not started afresh: the first row is the bucket right after the last one the old
                    // job wrote (the one open at the savepoint, completed from restored state), not one at START.
                    assertThat(Instant.ofEpochMilli(written1.get(0).bucketStart()))
                            .as("first %s %s bucket the restored job writes", symbol, interval)
                            .isEqualTo(Instant.ofEpochMilli(lastBefore + millis))
                            .isAfter(SimulatedMarket.START);
                    long first = written1.get(0).bucketStart();
                    long last = written1.get(written1.size() - 1).bucketStart();
                    GroundTruthCandles.compute("binance", symbol, interval, millis,
                                    market.simulator().allTrades(symbol), SimulatedMarket.START.toEpochMilli(), last)
                            .stream().filter(c -> c.bucketStart() >= first).forEach(expected::add);
                }
            }
            CandleComparison.assertSameRows("candles written after restoring the v1 savepoint", rows, expected);
        }
    }

    /**
     * Writes the committed savepoint: runs the current job against the deterministic market and stops it with a
     * canonical savepoint once a few candles are written. Runs only with {@code -Dcandlestream.writeSavepoint=true}.
     */
    @Test
    void writesTheCommittedSavepoint(@TempDir Path temp) throws Exception {
        assumeTrue(Boolean.getBoolean(WRITE_PROPERTY), "writes src/test/resources/" + SAVEPOINT
                + " only when -D" + WRITE_PROPERTY + "=true is set");
        Path target = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/resources").resolve(SAVEPOINT);
        try (SimulatedMarket market = new SimulatedMarket(SEED, SPEED, TRADING_MINUTES, SYMBOLS);
                Connection db = POSTGRES.connection()) {
            JobOptions options = options(market);
            JobClient job = JobUnderTest.submit(options, new Configuration());
            Polling.await(ONE_MINUTE_CANDLES_BEFORE_SAVEPOINT + " 1m candles of every symbol", TIMEOUT, () -> {
                List<Candle> rows = CandleRows.readAll(db);
                return List.of(SYMBOLS).stream().allMatch(symbol -> rows.stream()
                        .filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals("1m"))
                        .count() >= ONE_MINUTE_CANDLES_BEFORE_SAVEPOINT);
            });
            String savepoint = job.stopWithSavepoint(false, temp.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();
            long stoppedAt = market.simulator().clock().nowMillis();

            Properties props = new Properties();
            props.setProperty("seed", Long.toString(SEED));
            props.setProperty("start", SimulatedMarket.START.toString());
            props.setProperty("speed", Double.toString(SPEED));
            props.setProperty("tradingMinutes", Integer.toString(TRADING_MINUTES));
            props.setProperty("symbols", String.join(",", SYMBOLS));
            props.setProperty("intervals", String.join(",", INTERVALS));
            props.setProperty("options", "--feed binance --start-from " + SimulatedMarket.START
                    + " --checkpoint-interval 1s --silence-timeout 3s --quiet-probe-interval 300ms, parallelism 1,"
                    + " max parallelism " + CandlestreamJob.MAX_PARALLELISM + ", hashmap state backend, CANONICAL");
            props.setProperty("stoppedAtSimulatedTime", Instant.ofEpochMilli(stoppedAt).toString());
            props.setProperty("gitCommit", gitCommit());
            props.setProperty("flinkVersion", org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
            List<Candle> rows = CandleRows.readAll(db);
            for (String symbol : SYMBOLS) {
                for (String interval : INTERVALS) {
                    long last = rows.stream()
                            .filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals(interval))
                            .mapToLong(Candle::bucketStart).max().orElseThrow();
                    props.setProperty("lastBucketBeforeSavepoint." + symbol + "." + interval, Long.toString(last));
                }
            }
            deleteDirectory(target);
            copyDirectory(Paths.get(java.net.URI.create(savepoint)), target);
            try (OutputStream out = Files.newOutputStream(target.resolveSibling("candlestream-v1.properties"))) {
                props.store(out, "How savepoints/candlestream-v1 was produced: "
                        + "SavepointCompatibilityITCase#writesTheCommittedSavepoint");
            }
        }
    }

    private static long intervalMillis(String label) {
        return switch (label) {
            case "1m" -> 60_000L;
            case "5m" -> 300_000L;
            default -> throw new IllegalArgumentException("interval " + label);
        };
    }

    private static JobOptions options(SimulatedMarket market) {
        return market.options(POSTGRES.jdbcUrl(), POSTGRES.user(), String.join(",", SYMBOLS));
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = SavepointCompatibilityITCase.class.getClassLoader().getResource(name);
        assertThat(url).as("test resource %s (write it with -D%s=true)", name, WRITE_PROPERTY).isNotNull();
        return Paths.get(url.toURI());
    }

    private static String gitCommit() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return git.waitFor() == 0 ? out : "unknown (" + out + ")";
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
