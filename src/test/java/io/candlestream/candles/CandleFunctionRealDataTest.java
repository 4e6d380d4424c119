package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.candleHarness;
import static io.candlestream.candles.CandleTestSupport.candles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real Binance XRPETH trades through the candle operator: every 1m and 5m candle must equal Binance's own kline,
 * flat minutes included. Skipped when {@code ../shared/data/} is absent.
 */
class CandleFunctionRealDataTest {

    private static final Path DATA = Path.of("..", "shared", "data", "binance-xrpeth");

    @Test
    void buildsExactlyTheOfficialOneAndFiveMinuteKlinesFromRealTrades() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "real data not found at " + DATA.toAbsolutePath() + "; skipped");
        List<Trade> trades = Files.readAllLines(DATA.resolve("XRPETH-aggTrades.csv")).stream().skip(1)
                .map(line -> line.split(","))
                .map(f -> new Trade(XRPETH, Cursor.ofId(Long.parseLong(f[0])), Long.parseLong(f[5]),
                        new BigDecimal(f[1]), new BigDecimal(f[2]), Long.parseLong(f[4]) - Long.parseLong(f[3]) + 1))
                .toList();
        List<String[]> klines1m = klines("XRPETH-klines-1m.csv");
        List<String[]> klines5m = klines("XRPETH-klines-5m.csv");
        long lastClose = Long.parseLong(klines1m.get(klines1m.size() - 1)[6]);

        List<Candle> emitted;
        CandleFunction function = new CandleFunction(
                List.of(Interval.parse("1m"), Interval.parse("5m")), true, Duration.ZERO, CursorCodec.DENSE_ID);
        try (var harness = candleHarness(function)) {
            harness.open();
            for (int i = 0; i < trades.size(); i++) {
                Trade trade = trades.get(i);
                harness.processElement(trade, trade.time());
                if (i + 1 < trades.size() && i % 50 == 0) {
                    // The next trade's time minus one: as far as a watermark may go without making it late.
                    harness.processWatermark(trades.get(i + 1).time() - 1);
                }
            }
            harness.processWatermark(lastClose);
            emitted = candles(harness);
        }

        assertMatches(emitted, "1m", klines1m);
        assertMatches(emitted, "5m", klines5m);
    }

    private static void assertMatches(List<Candle> emitted, String interval, List<String[]> klines) {
        Map<Long, Candle> ours = emitted.stream().filter(c -> c.interval().equals(interval))
                .collect(Collectors.toMap(Candle::bucketStart, Function.identity()));
        List<String> differences = new ArrayList<>();
        for (String[] k : klines) {
            Candle c = ours.get(Long.parseLong(k[0]));
            if (c == null
                    || c.open().compareTo(new BigDecimal(k[1])) != 0
                    || c.high().compareTo(new BigDecimal(k[2])) != 0
                    || c.low().compareTo(new BigDecimal(k[3])) != 0
                    || c.close().compareTo(new BigDecimal(k[4])) != 0
                    || c.volume().compareTo(new BigDecimal(k[5])) != 0) {
                differences.add(interval + " " + String.join(",", k) + " vs " + c);
            }
        }
        assertThat(differences).isEmpty();
        assertThat(ours).hasSameSizeAs(klines);
    }

    private static List<String[]> klines(String file) throws IOException {
        return Files.readAllLines(DATA.resolve(file)).stream().skip(1).map(line -> line.split(",")).toList();
    }
}
