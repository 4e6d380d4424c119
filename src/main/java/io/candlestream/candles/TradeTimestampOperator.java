package io.candlestream.candles;

import io.candlestream.model.FeedEvent;
import io.candlestream.model.Trade;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Puts every trade record back on its own trade time and forwards watermarks untouched.
 *
 * <p>Why: the ordered async backfill stamps each result with its input's timestamp, so backfilled trades leave it
 * carrying the Gap's timestamp. {@code assignTimestampsAndWatermarks} cannot fix that, because it drops every upstream
 * watermark, and those watermarks are what keeps the backfilled trades from being late. Other events keep their
 * timestamp. Stateless; chains by default ({@code transform(...)} wraps it in a factory with the ALWAYS strategy).
 */
public class TradeTimestampOperator extends AbstractStreamOperator<FeedEvent>
        implements OneInputStreamOperator<FeedEvent, FeedEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<FeedEvent> element) {
        if (element.getValue() instanceof Trade trade) {
            output.collect(element.replace(trade, trade.time()));
        } else {
            output.collect(element);
        }
    }

    // processWatermark is inherited: AbstractStreamOperator forwards each watermark as it is.
}
