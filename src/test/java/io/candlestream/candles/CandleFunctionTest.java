package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.BTCUSDT;
import static io.candlestream.candles.CandleTestSupport.MINUTE;
import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.candleHarness;
import static io.candlestream.candles.CandleTestSupport.drain;
import static io.candlestream.candles.CandleTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.candles.CandleTestSupport.MetricCapture;
import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CandleFunctionTest {

    private static final Interval M1 = Interval.parse("1m");
    private static final Interval M5 = Interval.parse("5m");

    private static CandleFunction function(boolean flats, Duration lateness, Interval... intervals) {
        return new CandleFunction(List.of(intervals), flats, lateness, CursorCodec.DENSE_ID);
    }

    private static CandleFunction oneMinute() {
        return function(true, Duration.ZERO, M1);
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> harness,
            FeedEvent... events) throws Exception {
        for (FeedEvent event : events) {
            harness.processElement(event, event instanceof Trade trade ? trade.time() : Long.MIN_VALUE);
        }
    }

    private static Candle candle(String interval, long start, String open, String high, String low, String close,
            String volume, String quoteVolume, long count, long first, long last) {
        return new Candle(XRPETH, interval, start, new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close), new BigDecimal(volume), new BigDecimal(quoteVolume), count, first, last);
    }

    private static Candle flat(String interval, long start, String close, long cursor) {
        return candle(interval, start, close, close, close, close, "0", "0", 0, cursor, cursor);
    }

    @Test
    void computesExactOhlcvQuoteVolumeTradeCountAndCursors() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            feed(harness,
                    trade(XRPETH, 100, T0 + 1_000, "0.1", "0.2", 2),
                    trade(XRPETH, 101, T0 + 2_000, "0.30000000", "3", 1),
                    trade(XRPETH, 102, T0 + 59_999, "0.07", "0.0001", 5));
            harness.processWatermark(T0 + MINUTE - 1);

            List<Candle> candles = drain(harness);
            assertThat(candles).hasSize(1);
            Candle c = candles.get(0);
            // Exact decimals, scale as the arithmetic gives it: no double ever touched these.
            assertThat(c.open()).isEqualTo(new BigDecimal("0.1"));
            assertThat(c.high()).isEqualTo(new BigDecimal("0.30000000"));
            assertThat(c.low()).isEqualTo(new BigDecimal("0.07"));
            assertThat(c.close()).isEqualTo(new BigDecimal("0.07"));
            assertThat(c.volume()).isEqualTo(new BigDecimal("3.2001"));
            assertThat(c.quoteVolume()).isEqualTo(new BigDecimal("0.92000700"));
            assertThat(c.tradeCount()).isEqualTo(8);
            assertThat(c.firstCursor()).isEqualTo(100);
            assertThat(c.lastCursor()).isEqualTo(102);
            assertThat(c.stream()).isEqualTo(XRPETH);
            assertThat(c.interval()).isEqualTo("1m");
            assertThat(c.bucketStart()).isEqualTo(T0);
        }
    }

    @Test
    void writesBlockCursorsThroughTheCodec() throws Exception {
        CandleFunction function = new CandleFunction(List.of(M1), true, Duration.ZERO, CursorCodec.BLOCK_AND_INDEX);
        try (var harness = candleHarness(function)) {
            harness.open();
            feed(harness,
                    new Trade(XRPETH, new Cursor(18_937_547, 3), T0, BigDecimal.ONE, BigDecimal.ONE, 1),
                    new Trade(XRPETH, new Cursor(18_937_548, 12), T0 + 5, BigDecimal.TEN, BigDecimal.ONE, 1));
            harness.processWatermark(T0 + 2 * MINUTE - 1);
            assertThat(drain(harness)).extracting(Candle::firstCursor, Candle::lastCursor).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1_893_754_700_000_003L, 1_893_754_800_000_012L),
                    org.assertj.core.groups.Tuple.tuple(1_893_754_800_000_012L, 1_893_754_800_000_012L));
        }
    }

    @Test
    void closesOnTheLargestCursorWhenTwoTradesShareAMillisecond() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            feed(harness,
                    trade(200, T0 + 30_000, "5", "1"),
                    trade(201, T0 + 30_000, "4", "1"));
            harness.processWatermark(T0 + MINUTE - 1);
            assertThat(drain(harness)).containsExactly(candle("1m", T0, "5", "5", "4", "4", "2", "9", 2, 200, 201));
        }
    }

    @Test
    void takesOpenAndCloseByCursorNotByArrival() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            // Not something dedup lets through; the accumulator must still not depend on arrival order.
            feed(harness,
                    trade(301, T0 + 10_000, "2", "1"),
                    trade(300, T0 + 20_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE - 1);
            assertThat(drain(harness)).containsExactly(candle("1m", T0, "1", "2", "1", "2", "2", "3", 2, 300, 301));
        }
    }

    @Test
    void emitsBucketOnlyWhenTheWatermarkReachesItsEnd() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE - 2);
            assertThat(drain(harness)).isEmpty();
            harness.processWatermark(T0 + MINUTE - 1);
            assertThat(drain(harness)).containsExactly(candle("1m", T0, "1", "1", "1", "1", "1", "1", 1, 1, 1));
        }
    }

    @Test
    void emitsFlatCandleCarryingPreviousCloseForMinuteWithoutTrades() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = candleHarness(oneMinute(), metrics)) {
            harness.open();
            feed(harness,
                    trade(1, T0 + 1_000, "1.5", "1"),
                    trade(2, T0 + 2_000, "1.25", "1"),
                    trade(3, T0 + 3 * MINUTE + 1, "2", "1"));
            harness.processWatermark(T0 + 4 * MINUTE - 1);

            assertThat(drain(harness)).containsExactly(
                    candle("1m", T0, "1.5", "1.5", "1.25", "1.25", "2", "2.75", 2, 1, 2),
                    flat("1m", T0 + MINUTE, "1.25", 2),
                    flat("1m", T0 + 2 * MINUTE, "1.25", 2),
                    candle("1m", T0 + 3 * MINUTE, "2", "2", "2", "2", "1", "2", 1, 3, 3));
            assertThat(metrics.count(XRPETH, CandleMetrics.CANDLES_EMITTED)).isEqualTo(4);
            assertThat(metrics.count(XRPETH, CandleMetrics.FLAT_CANDLES)).isEqualTo(2);
        }
    }

    @Test
    void keepsEmittingFlatsAfterTheLastTradeAsTheWatermarkAdvances() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            feed(harness, trade(7, T0 + 1_000, "3", "1"));
            harness.processWatermark(T0 + 2 * MINUTE - 1);
            assertThat(drain(harness)).extracting(Candle::bucketStart).containsExactly(T0, T0 + MINUTE);
            assertThat(harness.numEventTimeTimers()).as("one timer ahead").isEqualTo(1);

            harness.processWatermark(T0 + 4 * MINUTE + 30_000);
            assertThat(drain(harness)).containsExactly(
                    flat("1m", T0 + 2 * MINUTE, "3", 7), flat("1m", T0 + 3 * MINUTE, "3", 7));
        }
    }

    @Test
    void neverEmitsAFlatBeforeTheStreamsFirstTrade() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            harness.processWatermark(T0 + 3 * MINUTE - 1);
            feed(harness, trade(1, T0 + 3 * MINUTE, "1", "1"));
            harness.processWatermark(T0 + 4 * MINUTE - 1);
            assertThat(drain(harness)).extracting(Candle::bucketStart).containsExactly(T0 + 3 * MINUTE);
        }
    }

    @Test
    void emitsNothingForEmptyBucketsWhenFlatCandlesAreOff() throws Exception {
        try (var harness = candleHarness(function(false, Duration.ZERO, M1))) {
            harness.open();
            feed(harness, trade(1, T0, "1", "1"), trade(2, T0 + 3 * MINUTE, "2", "1"));
            harness.processWatermark(T0 + 10 * MINUTE);
            assertThat(drain(harness)).extracting(Candle::bucketStart).containsExactly(T0, T0 + 3 * MINUTE);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void opensFiveMinuteCandleWithFirstTradeOfItsBucketWhenItsFirstMinutesAreFlat() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ZERO, M1, M5))) {
            harness.open();
            feed(harness,
                    trade(1, T0 + 4 * MINUTE + 30_000, "1", "1"),
                    trade(2, T0 + 7 * MINUTE + 10_000, "2", "1"),
                    trade(3, T0 + 8 * MINUTE, "3", "1"));
            harness.processWatermark(T0 + 10 * MINUTE - 1);

            List<Candle> candles = drain(harness);
            assertThat(candles).filteredOn(c -> c.interval().equals("5m")).containsExactly(
                    candle("5m", T0, "1", "1", "1", "1", "1", "1", 1, 1, 1),
                    candle("5m", T0 + 5 * MINUTE, "2", "3", "2", "3", "2", "5", 2, 2, 3));
            assertThat(candles).filteredOn(c -> c.interval().equals("1m")).containsExactly(
                    candle("1m", T0 + 4 * MINUTE, "1", "1", "1", "1", "1", "1", 1, 1, 1),
                    flat("1m", T0 + 5 * MINUTE, "1", 1),
                    flat("1m", T0 + 6 * MINUTE, "1", 1),
                    candle("1m", T0 + 7 * MINUTE, "2", "2", "2", "2", "1", "2", 1, 2, 2),
                    candle("1m", T0 + 8 * MINUTE, "3", "3", "3", "3", "1", "3", 1, 3, 3),
                    flat("1m", T0 + 9 * MINUTE, "3", 3));
        }
    }

    @Test
    void neverEmitsBucketsThatBeginBeforeCompleteFromNotEvenAsFlats() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ZERO, M1, M5))) {
            harness.open();
            feed(harness,
                    new StreamStart(XRPETH, T0 + MINUTE + 30_000),
                    trade(1, T0 + MINUTE + 30_000, "1", "1"),
                    trade(2, T0 + MINUTE + 40_000, "2", "1"));
            harness.processWatermark(T0 + 6 * MINUTE - 1);

            // 00:01 and the 5m bucket 00:00 are partial; their trades still set the close that 00:02.. carry.
            assertThat(drain(harness)).containsExactly(
                    flat("1m", T0 + 2 * MINUTE, "2", 2),
                    flat("1m", T0 + 3 * MINUTE, "2", 2),
                    flat("1m", T0 + 4 * MINUTE, "2", 2),
                    flat("1m", T0 + 5 * MINUTE, "2", 2));
            harness.processWatermark(T0 + 10 * MINUTE - 1);
            assertThat(drain(harness)).filteredOn(c -> c.interval().equals("5m"))
                    .containsExactly(flat("5m", T0 + 5 * MINUTE, "2", 2));
        }
    }

    @Test
    void suppressesNothingWithoutAStreamStart() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ZERO, M1))) {
            harness.open();
            feed(harness, trade(1, T0 + MINUTE + 30_000, "1", "1"));
            harness.processWatermark(T0 + 2 * MINUTE - 1);
            assertThat(drain(harness)).extracting(Candle::bucketStart).containsExactly(T0 + MINUTE);
        }
    }

    @Test
    void reEmitsUpdatedCandleForLateTradeWithinAllowedLateness() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = candleHarness(function(true, Duration.ofMinutes(2), M1), metrics)) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE + 30_000);
            assertThat(drain(harness)).containsExactly(candle("1m", T0, "1", "1", "1", "1", "1", "1", 1, 1, 1));

            feed(harness, trade(2, T0 + 20_000, "0.5", "2"));

            assertThat(drain(harness)).containsExactly(
                    candle("1m", T0, "1", "1", "0.5", "0.5", "3", "2.0", 2, 1, 2));
            assertThat(harness.getSideOutput(CandleFunction.LATE_TRADES)).isNullOrEmpty();
            assertThat(metrics.count(XRPETH, CandleMetrics.LATE_TRADES)).isZero();
        }
    }

    @Test
    void lateTradeAlsoCorrectsTheFlatsThatCarriedTheOldClose() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ofMinutes(5), M1))) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"));
            harness.processWatermark(T0 + 3 * MINUTE - 1);
            assertThat(drain(harness)).hasSize(3);

            feed(harness, trade(2, T0 + 50_000, "9", "1"));

            assertThat(drain(harness)).containsExactly(
                    candle("1m", T0, "1", "9", "1", "9", "2", "10", 2, 1, 2),
                    flat("1m", T0 + MINUTE, "9", 2),
                    flat("1m", T0 + 2 * MINUTE, "9", 2));
            harness.processWatermark(T0 + 4 * MINUTE - 1);
            assertThat(drain(harness)).containsExactly(flat("1m", T0 + 3 * MINUTE, "9", 2));
        }
    }

    @Test
    void sendsTradeBeyondAllowedLatenessToSideOutputAndCountsIt() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = candleHarness(function(true, Duration.ofMinutes(1), M1, M5), metrics)) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"));
            harness.processWatermark(T0 + 2 * MINUTE);
            drain(harness);

            // Too late for 1m (end 00:01 + 1m <= watermark) though not for 5m: updates 5m, side output once.
            Trade late = trade(2, T0 + 20_000, "2", "1");
            feed(harness, late);

            assertThat(harness.getSideOutput(CandleFunction.LATE_TRADES))
                    .extracting(StreamRecord::getValue).containsExactly(late);
            assertThat(metrics.count(XRPETH, CandleMetrics.LATE_TRADES)).isEqualTo(1);
            assertThat(drain(harness)).isEmpty();

            harness.processWatermark(T0 + 5 * MINUTE - 1);
            assertThat(drain(harness)).filteredOn(c -> c.interval().equals("5m"))
                    .containsExactly(candle("5m", T0, "1", "2", "1", "2", "2", "3", 2, 1, 2));
        }
    }

    @Test
    void clearsBucketStateOnceTheAllowedLatenessHasPassed() throws Exception {
        try (var harness = candleHarness(function(false, Duration.ofMinutes(1), M1))) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"), trade(2, T0 + MINUTE + 10_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE - 1);
            assertThat(bucketStarts(harness, XRPETH, M1)).containsExactlyInAnyOrder(T0, T0 + MINUTE);

            harness.processWatermark(T0 + 2 * MINUTE - 1);
            assertThat(bucketStarts(harness, XRPETH, M1)).containsExactlyInAnyOrder(T0, T0 + MINUTE);

            harness.processWatermark(T0 + 2 * MINUTE);
            assertThat(bucketStarts(harness, XRPETH, M1)).containsExactly(T0 + MINUTE);

            harness.processWatermark(T0 + 3 * MINUTE);
            assertThat(bucketStarts(harness, XRPETH, M1)).isEmpty();
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(drain(harness)).hasSize(2);
        }
    }

    @Test
    void aLongBootstrapKeepsOnlyTheBucketsALateTradeCanStillUpdateAndALateTradeStillUpdatesThem() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ofMinutes(2), M1))) {
            harness.open();
            int minutes = 3_000; // a bootstrap: thousands of buckets wait for one watermark
            for (int i = 0; i < minutes; i++) {
                feed(harness, trade(i + 1, T0 + i * MINUTE + 1_000, "1", "1"));
            }
            harness.processWatermark(T0 + minutes * MINUTE - 1);
            assertThat(drain(harness)).hasSize(minutes);
            assertThat(bucketStarts(harness, XRPETH, M1)).as("ended less than 2 minutes before the watermark")
                    .containsExactlyInAnyOrder(T0 + (minutes - 3) * MINUTE, T0 + (minutes - 2) * MINUTE,
                            T0 + (minutes - 1) * MINUTE);

            feed(harness, trade(minutes + 1, T0 + (minutes - 2) * MINUTE + 2_000, "2", "1")); // late, within 2 min
            assertThat(drain(harness)).containsExactly(
                    candle("1m", T0 + (minutes - 2) * MINUTE, "1", "2", "1", "2", "2", "3", 2, minutes - 1,
                            minutes + 1));

            harness.processWatermark(T0 + (minutes + 2) * MINUTE);
            assertThat(bucketStarts(harness, XRPETH, M1)).isEmpty();
        }
    }

    @Test
    void aJumpAcrossMoreBucketsThanACleanUpVisitsStillClearsEveryExpiredOne() throws Exception {
        long far = (CandleFunction.MAX_CLEAN_UP_STEPS + 10L) * MINUTE;
        try (var harness = candleHarness(function(false, Duration.ofMinutes(1), M1))) {
            harness.open();
            feed(harness, trade(1, T0 + 1_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE - 1);
            feed(harness, trade(2, T0 + far + 1_000, "2", "1"), trade(3, T0 + far + MINUTE + 1_000, "3", "1"));
            harness.processWatermark(T0 + far + MINUTE - 1);
            assertThat(bucketStarts(harness, XRPETH, M1)).containsExactlyInAnyOrder(T0 + far, T0 + far + MINUTE);

            harness.processWatermark(T0 + far + 3 * MINUTE);
            assertThat(bucketStarts(harness, XRPETH, M1)).isEmpty();
            assertThat(drain(harness)).hasSize(3);
        }
    }

    @Test
    void producesTheSameCandlesAfterSnapshotAndRestoreMidBucket() throws Exception {
        List<FeedEvent> before = List.of(
                new StreamStart(XRPETH, T0),
                trade(1, T0 + 10_000, "1.1", "1"),
                trade(2, T0 + 3 * MINUTE + 5_000, "1.3", "2"));
        List<FeedEvent> after = List.of(
                trade(3, T0 + 3 * MINUTE + 50_000, "1.2", "3"),
                trade(4, T0 + 7 * MINUTE + 1, "1.4", "1"));
        CandleFunction reference = function(true, Duration.ofSeconds(30), M1, M5);

        List<Candle> uninterrupted;
        try (var harness = candleHarness(reference)) {
            harness.open();
            run(harness, before, T0 + 3 * MINUTE + 6_000);
            run(harness, after, T0 + 10 * MINUTE - 1);
            uninterrupted = drain(harness);
        }

        List<Candle> restoredRun = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var harness = candleHarness(function(true, Duration.ofSeconds(30), M1, M5))) {
            harness.open();
            run(harness, before, T0 + 3 * MINUTE + 6_000);
            restoredRun.addAll(drain(harness));
            snapshot = harness.snapshot(1, 1);
        }
        try (var harness = candleHarness(function(true, Duration.ofSeconds(30), M1, M5))) {
            harness.initializeState(snapshot);
            harness.open();
            run(harness, after, T0 + 10 * MINUTE - 1);
            restoredRun.addAll(drain(harness));
        }

        assertThat(uninterrupted).hasSize(12); // 1m: 00:00..00:09, 5m: 00:00, 00:05
        assertThat(restoredRun).isEqualTo(uninterrupted);
    }

    @Test
    void finalizesEveryBucketWithTradesAtEndOfInputWithoutTrailingFlats() throws Exception {
        try (var harness = candleHarness(function(true, Duration.ZERO, M1, M5))) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"), trade(2, T0 + 2 * MINUTE, "2", "1"));
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(drain(harness)).extracting(Candle::interval, Candle::bucketStart).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1m", T0),
                    org.assertj.core.groups.Tuple.tuple("1m", T0 + MINUTE),
                    org.assertj.core.groups.Tuple.tuple("1m", T0 + 2 * MINUTE),
                    org.assertj.core.groups.Tuple.tuple("5m", T0));
        }
    }

    @Test
    void startsFreshStateForAnIntervalAddedOnRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = candleHarness(function(true, Duration.ZERO, M1))) {
            harness.open();
            feed(harness, trade(1, T0 + 10_000, "1", "1"));
            harness.processWatermark(T0 + MINUTE - 1);
            snapshot = harness.snapshot(1, 1);
        }
        try (var harness = candleHarness(function(true, Duration.ZERO, M1, M5))) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, trade(2, T0 + 5 * MINUTE + 1, "2", "1"));
            harness.processWatermark(T0 + 10 * MINUTE - 1);
            List<Candle> candles = drain(harness);
            assertThat(candles).filteredOn(c -> c.interval().equals("1m")).hasSize(9);
            assertThat(candles).filteredOn(c -> c.interval().equals("5m"))
                    .containsExactly(candle("5m", T0 + 5 * MINUTE, "2", "2", "2", "2", "1", "2", 1, 2, 2));
        }
    }

    @Test
    void keepsStreamsApart() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            feed(harness,
                    trade(XRPETH, 1, T0 + 1, "1", "1", 1),
                    trade(BTCUSDT, 1, T0 + 2, "60000.01", "0.5", 1),
                    trade(XRPETH, 2, T0 + 3, "2", "1", 1));
            harness.processWatermark(T0 + MINUTE - 1);
            List<Candle> candles = drain(harness);
            assertThat(candles).extracting(Candle::stream).containsExactlyInAnyOrder(XRPETH, BTCUSDT);
            assertThat(candles).filteredOn(c -> c.stream().equals(BTCUSDT)).singleElement()
                    .extracting(Candle::quoteVolume).isEqualTo(new BigDecimal("30000.005"));
        }
    }

    @Test
    void failsOnAnUnfilledGap() throws Exception {
        try (var harness = candleHarness(oneMinute())) {
            harness.open();
            Gap gap = new Gap(XRPETH, Cursor.ofId(1), Cursor.ofId(3));
            assertThatThrownBy(() -> feed(harness, gap)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void rejectsBadConstructorArguments() {
        assertThatThrownBy(() -> new CandleFunction(List.of(), true, Duration.ZERO, CursorCodec.DENSE_ID))
                .hasMessageContaining("intervals");
        assertThatThrownBy(() -> new CandleFunction(List.of(M1), true, Duration.ofSeconds(-1), CursorCodec.DENSE_ID))
                .hasMessageContaining("allowedLateness");
    }

    @Test
    void keepsStateInPojoTypesThatNeverFallBackToKryo() {
        assertThat(Types.POJO(CandleAccumulator.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(Types.POJO(IntervalProgress.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(CandleFunction.bucketsDescriptor(M5).getName()).isEqualTo("candle-buckets-5m");
        assertThat(CandleFunction.progressDescriptor(M5).getName()).isEqualTo("candle-progress-5m");
    }

    private static void run(KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> harness,
            List<FeedEvent> events, long watermark) throws Exception {
        feed(harness, events.toArray(FeedEvent[]::new));
        harness.processWatermark(watermark);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> bucketStarts(KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, Candle> harness,
            StreamId stream, Interval interval) throws Exception {
        AbstractStreamOperator<Candle> operator = (AbstractStreamOperator<Candle>) harness.getOperator();
        operator.setCurrentKey(stream.toString());
        MapState<Long, CandleAccumulator> buckets =
                operator.getKeyedStateStore().getMapState(CandleFunction.bucketsDescriptor(interval));
        List<Long> keys = new ArrayList<>();
        buckets.keys().forEach(keys::add);
        return keys;
    }
}
