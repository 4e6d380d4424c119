package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.BTCUSDT;
import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.records;
import static io.candlestream.candles.CandleTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.candles.CandleTestSupport.MetricCapture;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DedupFunctionTest {

    @Test
    void dropsTradesAtOrBelowHighWaterMarkAndCountsThem() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = CandleTestSupport.dedupHarness(metrics)) {
            harness.open();
            Trade t10 = trade(10, T0, "1", "1");
            Trade t11 = trade(11, T0 + 1, "1", "1");
            Trade t12 = trade(12, T0 + 2, "1", "1");
            harness.processElement(t10, T0);
            harness.processElement(t11, T0 + 1);
            harness.processElement(t11, T0 + 1);
            harness.processElement(t10, T0);
            harness.processElement(t12, T0 + 2);
            harness.processElement(t12, T0 + 2);

            assertThat(records(harness.getOutput())).containsExactly(t10, t11, t12);
            assertThat(metrics.count(XRPETH, CandleMetrics.DUPLICATES_DROPPED)).isEqualTo(3);
        }
    }

    @Test
    void comparesHeightThenIndexForBlockCursors() throws Exception {
        try (var harness = CandleTestSupport.dedupHarness(new MetricCapture())) {
            harness.open();
            Trade a = new Trade(XRPETH, new Cursor(100, 5), T0, java.math.BigDecimal.ONE, java.math.BigDecimal.ONE, 1);
            Trade sameBlockEarlierLog = new Trade(XRPETH, new Cursor(100, 4), T0, java.math.BigDecimal.ONE,
                    java.math.BigDecimal.ONE, 1);
            Trade sameBlockLaterLog = new Trade(XRPETH, new Cursor(100, 6), T0, java.math.BigDecimal.ONE,
                    java.math.BigDecimal.ONE, 1);
            harness.processElement(a, T0);
            harness.processElement(sameBlockEarlierLog, T0);
            harness.processElement(sameBlockLaterLog, T0);
            assertThat(records(harness.getOutput())).containsExactly(a, sameBlockLaterLog);
        }
    }

    @Test
    void keepsOneHighWaterMarkPerStream() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (var harness = CandleTestSupport.dedupHarness(metrics)) {
            harness.open();
            Trade xrp = trade(XRPETH, 50, T0, "1", "1", 1);
            Trade btc = trade(BTCUSDT, 7, T0, "1", "1", 1);
            harness.processElement(xrp, T0);
            harness.processElement(btc, T0);
            harness.processElement(btc, T0);
            assertThat(records(harness.getOutput())).containsExactly(xrp, btc);
            assertThat(metrics.count(BTCUSDT, CandleMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
            assertThat(metrics.count(XRPETH, CandleMetrics.DUPLICATES_DROPPED)).isZero();
        }
    }

    @Test
    void passesStreamStartThroughWithoutTouchingTheMark() throws Exception {
        try (var harness = CandleTestSupport.dedupHarness(new MetricCapture())) {
            harness.open();
            StreamStart start = new StreamStart(XRPETH, T0);
            Trade t1 = trade(1, T0, "1", "1");
            harness.processElement(start, T0);
            harness.processElement(t1, T0);
            harness.processElement(start, T0);
            harness.processElement(t1, T0);
            assertThat(records(harness.getOutput())).containsExactly(start, t1, start);
        }
    }

    @Test
    void keepsTheMarkAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = CandleTestSupport.dedupHarness(new MetricCapture())) {
            harness.open();
            harness.processElement(trade(5, T0, "1", "1"), T0);
            snapshot = harness.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FeedEvent, FeedEvent> restored =
                CandleTestSupport.dedupHarness(new MetricCapture())) {
            restored.initializeState(snapshot);
            restored.open();
            Trade t6 = trade(6, T0 + 1, "1", "1");
            restored.processElement(trade(5, T0, "1", "1"), T0);
            restored.processElement(t6, T0 + 1);
            assertThat(records(restored.getOutput())).isEqualTo(List.of(t6));
        }
    }

    @Test
    void failsOnAnUnfilledGap() throws Exception {
        try (var harness = CandleTestSupport.dedupHarness(new MetricCapture())) {
            harness.open();
            Gap gap = new Gap(XRPETH, Cursor.ofId(1), Cursor.ofId(5));
            assertThatThrownBy(() -> harness.processElement(gap, T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gap");
        }
    }
}
