package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.candleHarness;
import static io.candlestream.candles.CandleTestSupport.candles;
import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.candles.CandleTestSupport.MetricCapture;
import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random trade logs fed with watermarks at random points (never past a trade still to come); every emitted candle
 * must equal the candle computed by a deliberately simple batch implementation over the whole log.
 */
class CandleFunctionPropertyTest {

    private static final List<String> LABELS = List.of("1m", "5m", "1h");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            cases.add(Arguments.of(seed, true, seed % 2 == 0, false));
            cases.add(Arguments.of(seed + 100, false, seed % 2 == 1, false));
        }
        cases.add(Arguments.of(201L, true, true, true));
        cases.add(Arguments.of(202L, false, false, true));
        return cases.stream();
    }

    @ParameterizedTest(name = "seed {0}, flats {1}, streamStart {2}, end of input {3}")
    @MethodSource("cases")
    void emitsExactlyTheCandlesComputedFromTheWholeLog(long seed, boolean flats, boolean withStreamStart,
            boolean endOfInput) throws Exception {
        Random random = new Random(seed);
        List<Trade> log = randomLog(random);
        Long completeFrom = withStreamStart ? log.get(0).time() - random.nextInt(10 * 60_000) : null;
        // Two watermarks after the last trade: flats must keep coming while the stream is quiet.
        long quietWatermark = log.get(log.size() - 1).time() + random.nextInt(3_600_000);
        long finalWatermark = endOfInput ? Long.MAX_VALUE : quietWatermark + 1 + random.nextInt(3 * 3_600_000);

        // Suffix minimum of trade times: a watermark before trade i must stay below every trade from i on.
        long[] suffixMin = new long[log.size() + 1];
        suffixMin[log.size()] = Long.MAX_VALUE;
        for (int i = log.size() - 1; i >= 0; i--) {
            suffixMin[i] = Math.min(suffixMin[i + 1], log.get(i).time());
        }

        List<Interval> intervals = LABELS.stream().map(Interval::parse).toList();
        MetricCapture metrics = new MetricCapture();
        List<Candle> emitted;
        try (var harness = candleHarness(
                new CandleFunction(intervals, flats, Duration.ofMinutes(1), CursorCodec.DENSE_ID), metrics)) {
            harness.open();
            if (completeFrom != null) {
                harness.processElement(new StreamStart(XRPETH, completeFrom), completeFrom);
            }
            long watermark = Long.MIN_VALUE;
            for (int i = 0; i < log.size(); i++) {
                Trade trade = log.get(i);
                harness.processElement(trade, trade.time());
                if (i + 1 < log.size() && random.nextInt(10) < 3) {
                    long candidate = suffixMin[i + 1] - 1 - random.nextInt(90_000);
                    if (candidate > watermark) {
                        watermark = Math.min(candidate, suffixMin[i + 1] - 1);
                        harness.processWatermark(watermark);
                    }
                }
            }
            if (quietWatermark > watermark) {
                harness.processWatermark(quietWatermark);
            }
            harness.processWatermark(finalWatermark);
            emitted = candles(harness);
            assertThat(harness.getSideOutput(CandleFunction.LATE_TRADES)).isNullOrEmpty();
        }
        assertThat(metrics.count(XRPETH, CandleMetrics.LATE_TRADES)).isZero();

        Map<String, Candle> actual = new LinkedHashMap<>();
        for (Candle candle : emitted) {
            Candle previous = actual.put(candle.interval() + "@" + candle.bucketStart(), candle);
            assertThat(previous).as("emitted twice: %s", candle).isNull();
        }
        Map<String, Candle> expected = new LinkedHashMap<>();
        for (String label : LABELS) {
            for (Candle candle : expectedCandles(log, Interval.parse(label).millis(), label, flats, completeFrom,
                    quietWatermark, finalWatermark)) {
                expected.put(candle.interval() + "@" + candle.bucketStart(), candle);
            }
            List<Long> order = emitted.stream().filter(c -> c.interval().equals(label)).map(Candle::bucketStart)
                    .toList();
            assertThat(order).as("%s emitted in bucket order", label).isSorted();
        }
        assertThat(expected).as("the reference computes something").isNotEmpty();
        List<String> differences = new ArrayList<>();
        expected.forEach((key, candle) -> {
            if (!candle.equals(actual.get(key))) {
                differences.add(key + " expected " + candle + " but was " + actual.get(key));
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add(key + " unexpected " + actual.get(key)));
        assertThat(differences).isEmpty();
        assertThat(metrics.count(XRPETH, CandleMetrics.CANDLES_EMITTED)).isEqualTo(emitted.size());
        assertThat(metrics.count(XRPETH, CandleMetrics.FLAT_CANDLES))
                .isEqualTo(emitted.stream().filter(Candle::isFlat).count());
    }

    /** Bursts, quiet minutes, quiet hours, equal milliseconds and a few times that step back. */
    private static List<Trade> randomLog(Random random) {
        int size = 300 + random.nextInt(900);
        List<Trade> log = new ArrayList<>(size);
        long time = T0 + random.nextInt(30 * 60_000);
        long price = 28_000 + random.nextInt(1_000); // unscaled, 8 decimals: 0.00028xxx
        long id = 13_519_807L;
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(100);
            long step;
            if (kind < 10) {
                step = 0;
            } else if (kind < 80) {
                step = random.nextInt(5_000);
            } else if (kind < 95) {
                step = random.nextInt(6 * 60_000);
            } else if (kind < 98) {
                step = random.nextInt(90 * 60_000);
            } else {
                step = -random.nextInt(3_000); // exchange quirk: time steps back a little
            }
            time += step;
            price = Math.max(1, price + random.nextInt(41) - 20);
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(2_000_000), random.nextInt(5));
            log.add(new Trade(XRPETH, Cursor.ofId(id++), time, BigDecimal.valueOf(price, 8), quantity,
                    1 + random.nextInt(4)));
        }
        return log;
    }

    /** The independent reference: group the whole log by bucket, then walk the buckets filling flats. */
    private static List<Candle> expectedCandles(List<Trade> log, long len, String label, boolean flats,
            Long completeFrom, long quietWatermark, long finalWatermark) {
        TreeMap<Long, List<Trade>> byBucket = new TreeMap<>();
        for (Trade trade : log) {
            byBucket.computeIfAbsent(Math.floorDiv(trade.time(), len) * len, b -> new ArrayList<>()).add(trade);
        }
        // End of input finalizes every bucket with trades but adds no flats beyond the last real watermark.
        long lastFinal = finalWatermark == Long.MAX_VALUE
                ? Math.max(byBucket.lastKey(), Math.floorDiv(quietWatermark + 1, len) * len - len)
                : Math.floorDiv(finalWatermark + 1, len) * len - len;
        List<Candle> result = new ArrayList<>();
        BigDecimal previousClose = null;
        long previousLast = 0;
        for (long bucket = byBucket.firstKey(); bucket <= lastFinal; bucket += len) {
            boolean partial = completeFrom != null && bucket < completeFrom;
            List<Trade> trades = byBucket.get(bucket);
            if (trades != null) {
                List<Trade> byCursor = trades.stream().sorted(Comparator.comparing(Trade::cursor)).toList();
                Trade first = byCursor.get(0);
                Trade last = byCursor.get(byCursor.size() - 1);
                BigDecimal high = byCursor.stream().map(Trade::price).max(Comparator.naturalOrder()).orElseThrow();
                BigDecimal low = byCursor.stream().map(Trade::price).min(Comparator.naturalOrder()).orElseThrow();
                BigDecimal volume = BigDecimal.ZERO;
                BigDecimal quote = BigDecimal.ZERO;
                long count = 0;
                for (Trade trade : byCursor) {
                    volume = volume.add(trade.quantity());
                    quote = quote.add(trade.price().multiply(trade.quantity()));
                    count += trade.rawTrades();
                }
                if (!partial) {
                    result.add(new Candle(XRPETH, label, bucket, first.price(), high, low, last.price(),
                            volume, quote, count,
                            first.cursor().height(), last.cursor().height()));
                }
                previousClose = last.price();
                previousLast = last.cursor().height();
            } else if (flats && previousClose != null && !partial) {
                result.add(new Candle(XRPETH, label, bucket, previousClose, previousClose, previousClose,
                        previousClose, BigDecimal.ZERO, BigDecimal.ZERO, 0, previousLast, previousLast));
            }
        }
        return result;
    }
}
