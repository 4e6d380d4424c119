package io.candlestream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.kraken.KrakenSimulator;
import io.candlestream.simulator.kraken.KrakenTestData;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.testing.CandleRows;
import io.candlestream.testing.EmbeddedPostgresExtension;
import io.candlestream.testing.JobUnderTest;
import io.candlestream.testing.Polling;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * Real Kraken XBT/USDT trades (2025-11-10 17:23 to 2025-11-11 00:13 UTC, from {@code ../shared/data}) replayed through
 * the Kraken simulator: history up to about 20:30 that the job bootstraps from 17:24, the rest live with socket faults and
 * REST faults (Kraken's rate limit inside a 200, 502s, a page that skips an id). Every 1m candle of the 409 minutes the
 * trade list covers fully must equal Kraken's official {@code OHLC} candle: open, high, low, close, volume, trade
 * count, and vwap = quote volume / volume floored to the vwap's decimals (all 273 traded minutes fit that exactly,
 * rounding half-up fits only 202); a flat minute has Kraken's vwap 0 and volume 0.
 */
class KrakenRealDataOhlcITCase {

    private static final Instant FIRST_BUCKET = Instant.parse("2025-11-10T17:24:00Z");
    private static final Instant LAST_BUCKET = Instant.parse("2025-11-11T00:12:00Z");
    private static final Instant LIVE_FROM = Instant.parse("2025-11-10T19:00:00Z");
    private static final double SPEED = 200;

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobUnderTest.miniCluster(1);

    @Test
    void everyMinuteTheTradeListCoversEqualsKrakensOwnOhlcCandle() throws Exception {
        assumeTrue(KrakenTestData.present(), KrakenTestData.absent());
        Path dir = KrakenTestData.DIR;
        List<Ohlc> official = Ohlc.read(dir.resolve("XBTUSDT-ohlc-1m.csv")).stream()
                .filter(o -> o.openTime() >= FIRST_BUCKET.toEpochMilli() && o.openTime() <= LAST_BUCKET.toEpochMilli())
                .toList();
        assertThat(official).as("official candles of the covered minutes").hasSize(409);

        try (KrakenSimulator exchange = KrakenSimulator.builder()
                        .replay("BTC/USDT", dir.resolve("XBTUSDT-trades.csv"))
                        .clock(SimClock.accelerated(LIVE_FROM, SPEED))
                        .build();
                Connection db = POSTGRES.connection()) {
            exchange.start();
            exchange.faults()
                    .silenceDuration(Duration.ofSeconds(4))
                    .every(40, SocketFault.ABRUPT_CLOSE, SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME,
                            SocketFault.SILENCE, SocketFault.CLOSE_FRAME)
                    .tooManyRequests(1, Duration.ofSeconds(1))
                    .serverErrors(2, 502)
                    .skipIdInPages(1);
            JobOptions options = JobOptions.parse(
                    "--feed", "kraken",
                    "--symbols", "XBT/USDT",
                    "--ws-url", exchange.wsBaseUrl(),
                    "--rest-url", exchange.restBaseUrl(),
                    "--intervals", "1m",
                    "--jdbc-url", POSTGRES.jdbcUrl(),
                    "--jdbc-user", POSTGRES.user(),
                    "--start-from", FIRST_BUCKET.toString(),
                    "--checkpoint-interval", "2s",
                    "--silence-timeout", "3s",
                    "--quiet-probe-interval", "300ms");
            JobClient job = JobUnderTest.submit(options);
            Polling.await("the last covered minute to close", Duration.ofMinutes(5), () -> CandleRows.readAll(db)
                    .stream().anyMatch(c -> c.bucketStart() >= LAST_BUCKET.toEpochMilli()));
            job.cancel().get();
            assertThat(exchange.stats().socketFaultsTotal()).as("socket faults injected").isGreaterThan(3);
            assertThat(exchange.stats().skippedIdPages()).as("pages that skipped an id").isEqualTo(1);

            Map<Long, Candle> rows = CandleRows.readAll(db).stream()
                    .filter(c -> c.stream().feed().equals("kraken") && c.stream().symbol().equals("BTC/USDT"))
                    .collect(Collectors.toMap(Candle::bucketStart, Function.identity()));
            List<String> mismatches = new ArrayList<>();
            int matched = 0;
            for (Ohlc o : official) {
                Candle c = rows.get(o.openTime());
                if (c == null) {
                    mismatches.add("missing " + Instant.ofEpochMilli(o.openTime()));
                } else if (!o.matches(c)) {
                    mismatches.add(Instant.ofEpochMilli(o.openTime()) + " official " + o + " candle " + c);
                } else {
                    matched++;
                }
            }
            System.out.printf("Kraken XBT/USDT: %d of %d covered minutes equal Kraken's OHLC%n", matched,
                    official.size());
            assertThat(rows.keySet().stream().filter(b -> b < FIRST_BUCKET.toEpochMilli()).count())
                    .as("candles before the first covered minute").isZero();
            assertThat(mismatches).as("%d of %d minutes match; mismatches:%n%s", matched, official.size(),
                    mismatches.stream().limit(20).collect(Collectors.joining("\n"))).isEmpty();
        }
    }

    /** One official Kraken 1m candle. */
    private record Ohlc(long openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
            BigDecimal vwap, BigDecimal volume, long count) {

        static List<Ohlc> read(Path csv) throws IOException {
            return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                    .map(f -> new Ohlc(Long.parseLong(f[0]) * 1000, new BigDecimal(f[1]), new BigDecimal(f[2]),
                            new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5]), new BigDecimal(f[6]),
                            Long.parseLong(f[7])))
                    .toList();
        }

        /** Kraken's vwap is quote volume / volume cut (floored) to its decimals; a minute without trades has vwap 0. */
        boolean matches(Candle c) {
            BigDecimal ourVwap = c.volume().signum() == 0 ? BigDecimal.ZERO
                    : c.quoteVolume().divide(c.volume(), vwap.scale(), RoundingMode.FLOOR);
            return open.compareTo(c.open()) == 0 && high.compareTo(c.high()) == 0 && low.compareTo(c.low()) == 0
                    && close.compareTo(c.close()) == 0 && volume.compareTo(c.volume()) == 0
                    && count == c.tradeCount() && vwap.compareTo(ourVwap) == 0;
        }
    }
}
