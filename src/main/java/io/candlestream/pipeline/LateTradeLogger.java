package io.candlestream.pipeline;

import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Trade;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each trade that arrived after its candle was final and past the allowed lateness into a
 * {@link DeadLetter.Kind#LATE_TRADE} dead letter, after logging it with its stream, cursor and time and counting it
 * ({@code lateTradesLogged}), so none disappears unseen.
 */
public final class LateTradeLogger extends RichMapFunction<FeedEvent, FeedEvent> {

    private static final long serialVersionUID = 1L;

    public static final String LATE_TRADES_LOGGED = "lateTradesLogged";

    /** The reason written to {@code dead_letters} for a too-late trade. */
    public static final String REASON = "arrived after its candle was final, beyond --allowed-lateness";

    private static final Logger LOG = LoggerFactory.getLogger(LateTradeLogger.class);

    private transient Counter logged;

    @Override
    public void open(OpenContext openContext) {
        logged = getRuntimeContext().getMetricGroup().counter(LATE_TRADES_LOGGED);
    }

    @Override
    public FeedEvent map(FeedEvent event) {
        logged.inc();
        if (!(event instanceof Trade trade)) {
            throw new IllegalStateException("the late-trade side output carries trades only, got " + event);
        }
        LOG.warn("[{}] late trade {} at {} (price {}, quantity {}) arrived after its candle was final; "
                        + "raise --allowed-lateness to fold such trades in", trade.stream(),
                trade.cursor(), Instant.ofEpochMilli(trade.time()), trade.price(), trade.quantity());
        return DeadLetter.lateTrade(trade, REASON, System.currentTimeMillis());
    }
}
