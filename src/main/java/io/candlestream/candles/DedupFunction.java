package io.candlestream.candles;

import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops every trade whose cursor is at or below the stream's high-water mark, so a trade delivered twice (a replay
 * after restore, a duplicated frame, a backfill page overlapping the live feed) reaches the candles once.
 *
 * <p>Keyed by the stream id ({@code feed:SYMBOL}). Relies on cursor order per stream, which the ordered backfill
 * keeps. {@link StreamStart}s and {@link DeadLetter}s pass through without touching the mark; a {@link Gap} here means the backfill did not run and fails the task.
 */
public class DedupFunction extends KeyedProcessFunction<String, FeedEvent, FeedEvent> {

    private static final long serialVersionUID = 1L;

    /**
     * State name of the high-water mark: the cursor of the last trade passed on, inclusive, as (height, index).
     */
    public static final String HIGH_WATER_MARK_STATE = "dedup-high-water-mark";

    static final ValueStateDescriptor<Tuple2<Long, Integer>> HIGH_WATER_MARK =
            new ValueStateDescriptor<>(HIGH_WATER_MARK_STATE, Types.TUPLE(Types.LONG, Types.INT));

    private transient ValueState<Tuple2<Long, Integer>> highWaterMark;
    private transient Map<String, Counter> duplicatesDropped;

    @Override
    public void open(OpenContext openContext) {
        highWaterMark = getRuntimeContext().getState(HIGH_WATER_MARK);
        duplicatesDropped = new HashMap<>();
    }

    @Override
    public void processElement(FeedEvent event, Context ctx, Collector<FeedEvent> out) throws Exception {
        if (event instanceof Trade trade) {
            Tuple2<Long, Integer> mark = highWaterMark.value();
            if (mark != null && trade.cursor().isAtOrBefore(new Cursor(mark.f0, mark.f1))) {
                counter(ctx.getCurrentKey()).inc();
                return;
            }
            highWaterMark.update(Tuple2.of(trade.cursor().height(), trade.cursor().index()));
            out.collect(trade);
        } else if (event instanceof StreamStart || event instanceof DeadLetter) {
            // A dead letter passes on to the candle operator's dead-letter side output; it never moves the mark.
            out.collect(event);
        } else if (event instanceof Gap gap) {
            throw new IllegalStateException("a gap reached dedup unfilled; the backfill must replace it: " + gap);
        } else {
            throw new IllegalStateException("unknown feed event " + event);
        }
    }

    private Counter counter(String stream) {
        return duplicatesDropped.computeIfAbsent(stream, key -> getRuntimeContext().getMetricGroup()
                .addGroup(CandleMetrics.STREAM_GROUP, key)
                .counter(CandleMetrics.DUPLICATES_DROPPED));
    }
}
