package io.candlestream.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One trade as the exchange reports it: its cursor, its time (event time, epoch milliseconds), exact price and quantity,
 * and how many raw trades it stands for (Binance's aggregate trade {@code a} covers raw trades {@code f..l}).
 */
public record Trade(StreamId stream, Cursor cursor, long time, BigDecimal price, BigDecimal quantity, long rawTrades)
        implements FeedEvent {

    public Trade {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        if (rawTrades < 1) {
            throw new IllegalArgumentException("rawTrades must be at least 1, was " + rawTrades);
        }
    }

    /** Price times quantity, exact. */
    public BigDecimal quoteQuantity() {
        return price.multiply(quantity);
    }
}
