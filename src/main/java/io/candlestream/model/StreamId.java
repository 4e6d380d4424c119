package io.candlestream.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One stream of trades: a feed (e.g. {@code binance}) and a symbol or contract on it, written the way the feed's
 * options write it ({@code XRPETH} on Binance, a lower-case pool address on a chain).
 */
public record StreamId(String feed, String symbol) implements Serializable, Comparable<StreamId> {

    public StreamId {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(symbol, "symbol");
        if (feed.isEmpty() || symbol.isEmpty()) {
            throw new IllegalArgumentException("feed and symbol must not be empty");
        }
    }

    /** A stream id with the feed lower case and the symbol as given (the feed's options normalise symbols). */
    public static StreamId of(String feed, String symbol) {
        return new StreamId(feed.toLowerCase(Locale.ROOT), symbol);
    }

    /** Parses the {@link #toString()} form {@code feed:SYMBOL}. */
    public static StreamId parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not a stream id (feed:SYMBOL): '" + text + "'");
        }
        return new StreamId(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public int compareTo(StreamId other) {
        int byFeed = feed.compareTo(other.feed);
        return byFeed != 0 ? byFeed : symbol.compareTo(other.symbol);
    }

    /** {@code feed:SYMBOL}; also the split id and the key of the keyed operators. */
    @Override
    public String toString() {
        return feed + ":" + symbol;
    }
}
