package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real Binance XRPETH trades (2019-10-11 00:00 to 2019-10-13 11:19 UTC, from {@code ../shared/data}) replayed through
 * the simulator: the first day as history the job bootstraps, the rest live with socket faults and REST errors. Every
 * 1m and 5m candle must equal Binance's own kline for that bucket (open, high, low, close, volume).
 */
class RealDataKlinesITCase {

    private static final Path DATA = Path.of("..", "shared", "data", "binance-xrpeth");
    private static final Instant FIRST_BUCKET = Instant.parse("2019-10-11T00:00:00Z");
    private static final Instant LIVE_FROM = Instant.parse("2019-10-12T00:00:00Z");
    private static final double SPEED = 3000;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void candlesFromRealTradesEqualBinanceKlinesForEveryBucket() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "real data not found at " + DATA.toAbsolutePath()
                + " (it lives outside the repository, see DESIGN §6); skipping");
        List<Kline> klines1m = Kline.read(DATA.resolve("XRPETH-klines-1m.csv"));
        List<Kline> klines5m = Kline.read(DATA.resolve("XRPETH-klines-5m.csv"));
        long lastMinute = klines1m.get(klines1m.size() - 1).openTime();

        try (BinanceSimulator exchange = BinanceSimulator.builder()
                        .replay("XRPETH", DATA.resolve("XRPETH-aggTrades.csv"))
                        .clock(SimClock.accelerated(LIVE_FROM, SPEED))
                        .build();
                Connection db = POSTGRES.connection()) {
            exchange.start();
            exchange.faults()
                    .silenceDuration(Duration.ofSeconds(4))
                    .every(400, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.SILENCE, SocketFault.CLOSE_FRAME)
                    .tooManyRequests(1, Duration.ofSeconds(1))
                    .serverErrors(2, 502)
                    .skipIdInPages(1);
            JobOptions options = JobOptions.parse(
                    "--symbols", "XRPETH",
                    "--ws-url", exchange.wsBaseUrl(),
                    "--rest-url", exchange.restBaseUrl(),
                    "--intervals", "1m,5m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", FIRST_BUCKET.toString(),
                    "--checkpoint-interval", "2s",
                    "--silence-timeout", "3s",
                    "--quiet-probe-interval", "300ms");
            JobClient job = JobUnderTest.submit(options);
            Polling.await("the last kline's minute to close", Duration.ofMinutes(6), () -> CandleRows.readAll(db)
                    .stream().anyMatch(c -> c.interval().equals("1m") && c.bucketStart() > lastMinute + 300_000));
            job.cancel().get();
            assertThat(exchange.stats().socketFaultsTotal()).as("socket faults injected").isGreaterThan(5);

            List<Candle> rows = CandleRows.readAll(db);
            assertMatches(klines1m, rows, "1m");
            assertMatches(klines5m, rows, "5m");
        }
    }

    private static void assertMatches(List<Kline> klines, List<Candle> rows, String interval) {
        Map<Long, Candle> byBucket = rows.stream().filter(c -> c.interval().equals(interval))
                .collect(Collectors.toMap(Candle::bucketStart, Function.identity()));
        List<String> mismatches = new ArrayList<>();
        for (Kline k : klines) {
            Candle c = byBucket.get(k.openTime());
            if (c == null) {
                mismatches.add("missing " + Instant.ofEpochMilli(k.openTime()));
            } else if (!k.matches(c)) {
                mismatches.add(Instant.ofEpochMilli(k.openTime()) + " kline " + k + " candle " + c);
            }
        }
        long first = klines.get(0).openTime();
        long last = klines.get(klines.size() - 1).openTime();
        long extra = byBucket.keySet().stream().filter(b -> b < first).count();
        assertThat(extra).as("%s candles before the first kline", interval).isZero();
        assertThat(mismatches).as("%s buckets compared: %d; mismatches:%n%s", interval, klines.size(),
                mismatches.stream().limit(20).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(byBucket.keySet().stream().filter(b -> b >= first && b <= last).count())
                .isEqualTo(klines.size());
    }

    /** One official kline: the exchange's own candle for a bucket. */
    private record Kline(long openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
            BigDecimal volume) {

        static List<Kline> read(Path csv) throws java.io.IOException {
            return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                    .map(f -> new Kline(Long.parseLong(f[0]), new BigDecimal(f[1]), new BigDecimal(f[2]),
                            new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5])))
                    .toList();
        }

        boolean matches(Candle c) {
            return open.compareTo(c.open()) == 0 && high.compareTo(c.high()) == 0 && low.compareTo(c.low()) == 0
                    && close.compareTo(c.close()) == 0 && volume.compareTo(c.volume()) == 0;
        }
    }
}
