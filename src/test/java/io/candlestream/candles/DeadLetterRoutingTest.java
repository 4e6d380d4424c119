package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.MINUTE;
import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.candleHarness;
import static io.candlestream.candles.CandleTestSupport.drain;
import static io.candlestream.candles.CandleTestSupport.records;
import static io.candlestream.candles.CandleTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.candles.CandleTestSupport.MetricCapture;
import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Dead letters cross the keyed stage on their own path: past dedup without moving its mark, out of candles aside. */
class DeadLetterRoutingTest {

    private static final DeadLetter MALFORMED = new DeadLetter(XRPETH, DeadLetter.Kind.MALFORMED_FRAME,
            "{\"e\":\"aggTrade\",\"a\":99", "expected a complete JSON object", T0 + 5, Cursor.ofId(99), T0 + 1);

    @Test
    void aDeadLetterPassesDedupInOrderWithoutMovingTheHighWaterMark() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = CandleTestSupport.dedupHarness(metrics)) {
            harness.open();
            Trade t10 = trade(10, T0, "1", "1");
            Trade t11 = trade(11, T0 + 1, "1", "1");
            harness.processElement(t10, T0);
            harness.processElement(MALFORMED, T0);
            harness.processElement(t11, T0 + 1);
            harness.processElement(MALFORMED, T0 + 1);

            // Cursor 99 of the dead letter did not become the mark: trade 11 still passes.
            assertThat(records(harness.getOutput())).containsExactly(t10, MALFORMED, t11, MALFORMED);
            assertThat(metrics.count(XRPETH, CandleMetrics.DUPLICATES_DROPPED)).isZero();
        }
    }

    @Test
    void aDeadLetterGoesToTheSideOutputAndNeverIntoACandle() throws Exception {
        CandleFunction function = new CandleFunction(List.of(Interval.parse("1m")), true, Duration.ZERO,
                CursorCodec.DENSE_ID);
        try (var harness = candleHarness(function)) {
            harness.open();
            harness.processElement(trade(1, T0 + 10_000, "2", "1"), T0 + 10_000);
            harness.processElement(MALFORMED, T0 + 10_000);
            harness.processElement(trade(2, T0 + 20_000, "3", "1"), T0 + 20_000);
            harness.processWatermark(T0 + MINUTE - 1);

            assertThat(harness.getSideOutput(CandleFunction.DEAD_LETTERS))
                    .extracting(StreamRecord::getValue).containsExactly(MALFORMED);
            assertThat(harness.getSideOutput(CandleFunction.LATE_TRADES)).isNullOrEmpty();
            List<Candle> candles = drain(harness);
            assertThat(candles).hasSize(1);
            Candle candle = candles.get(0);
            assertThat(candle.tradeCount()).isEqualTo(2);
            assertThat(candle.firstCursor()).isEqualTo(1);
            assertThat(candle.lastCursor()).isEqualTo(2);
            assertThat(candle.close()).isEqualByComparingTo("3");
        }
    }
}
