package io.candlestream.candles;

/** Names of the metrics of the candles package, registered per stream in a {@code stream} subgroup. */
public final class CandleMetrics {

    /** Subgroup key; its value is the stream id ({@code feed:SYMBOL}). */
    public static final String STREAM_GROUP = "stream";

    /** Trades dropped by {@link DedupFunction} because their cursor was at or below the high-water mark. */
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";

    /** Candle rows handed to the sink, flat ones and late re-emissions included. */
    public static final String CANDLES_EMITTED = "candlesEmitted";

    /** Flat candles (no trade in the bucket) handed to the sink. */
    public static final String FLAT_CANDLES = "flatCandles";

    /** Trades too late for their bucket even with the allowed lateness; sent to {@link CandleFunction#LATE_TRADES}. */
    public static final String LATE_TRADES = "lateTrades";

    private CandleMetrics() {}
}
