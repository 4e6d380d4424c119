package io.candlestream.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One trade as the exchange reports it: its cursor, its time (event time, epoch milliseconds), exact price and quantity,
 * how many raw trades it stands for (Binance's aggregate trade {@code a} covers raw trades {@code f..l}) and, where the
 * price is a rounded quotient (a swap's quote amount / base amount), the exact quote amount ({@code null}: price times
 * quantity is exact).
 */
public record Trade(StreamId stream, Cursor cursor, long time, BigDecimal price, BigDecimal quantity, long rawTrades,
        BigDecimal quote) implements FeedEvent {

    public Trade {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        if (rawTrades < 1) {
            throw new IllegalArgumentException("rawTrades must be at least 1, was " + rawTrades);
        }
    }

    /** A trade whose quote amount is price times quantity, exactly (an exchange's trade). */
    public Trade(StreamId stream, Cursor cursor, long time, BigDecimal price, BigDecimal quantity, long rawTrades) {
        this(stream, cursor, time, price, quantity, rawTrades, null);
    }

    /** The exact quote amount: the one the feed gave, else price times quantity. */
    public BigDecimal quoteQuantity() {
        return quote != null ? quote : price.multiply(quantity);
    }
}
