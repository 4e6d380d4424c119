package io.candlestream.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of the candles table: the OHLC of every trade of a stream whose time falls in
 * {@code [bucketStart, bucketStart + interval)}.
 *
 * <p>A flat candle (no trade in the bucket) has open = high = low = close = the previous close, zero volumes and
 * trade count, and carries the previous candle's {@code lastCursor} as both cursors.
 */
public record Candle(
        StreamId stream,
        String interval,
        long bucketStart,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal quoteVolume,
        long tradeCount,
        long firstCursor,
        long lastCursor) {

    public Candle {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(quoteVolume, "quoteVolume");
    }

    public boolean isFlat() {
        return tradeCount == 0;
    }
}
