package io.candlestream.candles;

import static io.candlestream.candles.CandleTestSupport.T0;
import static io.candlestream.candles.CandleTestSupport.XRPETH;
import static io.candlestream.candles.CandleTestSupport.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.util.List;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TradeTimestampOperatorTest {

    private static OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness() throws Exception {
        OneInputStreamOperatorTestHarness<FeedEvent, FeedEvent> harness =
                new OneInputStreamOperatorTestHarness<>(new TradeTimestampOperator(), new FeedEventSerializer());
        harness.setup(new FeedEventSerializer());
        harness.open();
        return harness;
    }

    @Test
    void stampsEveryTradeWithItsOwnTradeTime() throws Exception {
        try (var harness = harness()) {
            Trade backfilled = trade(1, T0 + 5_000, "1", "1");
            // As the async backfill leaves it: carrying the Gap's timestamp, not its own.
            harness.processElement(backfilled, T0 + 90_000);
            harness.processElement(new StreamRecord<>(trade(2, T0 + 6_000, "1", "1")));

            assertThat(harness.getOutput()).containsExactly(
                    new StreamRecord<>(backfilled, T0 + 5_000),
                    new StreamRecord<>(trade(2, T0 + 6_000, "1", "1"), T0 + 6_000));
        }
    }

    @Test
    void keepsTheTimestampOfEventsThatAreNotTrades() throws Exception {
        try (var harness = harness()) {
            StreamStart start = new StreamStart(XRPETH, T0);
            Gap gap = new Gap(XRPETH, Cursor.ofId(1), Cursor.ofId(9));
            harness.processElement(start, 42);
            harness.processElement(gap, 43);
            harness.processElement(new StreamRecord<>(start));

            assertThat(harness.getOutput()).containsExactly(
                    new StreamRecord<>(start, 42), new StreamRecord<>(gap, 43), new StreamRecord<>(start));
        }
    }

    @Test
    void forwardsUpstreamWatermarksUnchangedAndInOrder() throws Exception {
        try (var harness = harness()) {
            Trade late = trade(1, T0 + 10_000, "1", "1");
            harness.processWatermark(new Watermark(T0));
            harness.processElement(late, T0 + 60_000);
            harness.processWatermark(new Watermark(T0 + 9_999));
            harness.processWatermark(new Watermark(T0 + 30_000));

            assertThat(List.copyOf(harness.getOutput())).containsExactly(
                    new Watermark(T0),
                    new StreamRecord<>(late, T0 + 10_000),
                    new Watermark(T0 + 9_999),
                    new Watermark(T0 + 30_000));
        }
    }

    @Test
    void chainsWithItsNeighbours() {
        assertThat(SimpleOperatorFactory.of(new TradeTimestampOperator()).getChainingStrategy())
                .isEqualTo(ChainingStrategy.ALWAYS);
    }
}
