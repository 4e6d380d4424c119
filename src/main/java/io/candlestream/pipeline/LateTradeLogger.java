package io.candlestream.pipeline;

import io.candlestream.model.FeedEvent;
import io.candlestream.model.Trade;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter end of trades that arrived after their candle was final and past the allowed lateness: each one
 * is logged with its stream, cursor and time, and counted ({@code lateTradesLogged}), so none disappears unseen.
 */
public final class LateTradeLogger implements Sink<FeedEvent> {

    public static final String LATE_TRADES_LOGGED = "lateTradesLogged";
    private static final Logger LOG = LoggerFactory.getLogger(LateTradeLogger.class);

    @Override
    public SinkWriter<FeedEvent> createWriter(WriterInitContext context) {
        Counter logged = context.metricGroup().counter(LATE_TRADES_LOGGED);
        return new SinkWriter<>() {
            @Override
            public void write(FeedEvent event, Context ctx) {
                logged.inc();
                if (event instanceof Trade trade) {
                    LOG.warn("[{}] late trade {} at {} (price {}, quantity {}) arrived after its candle was final; "
                                    + "raise --allowed-lateness to fold such trades in", trade.stream(),
                            trade.cursor(), Instant.ofEpochMilli(trade.time()), trade.price(), trade.quantity());
                } else {
                    LOG.warn("late event {}", event);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
