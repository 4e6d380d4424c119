package io.candlestream.verify;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One candle as the exchange itself publishes it (Binance: a kline), with the exchange's exact decimals.
 *
 * @param bucketStart open time, epoch milliseconds
 * @param trades raw trades in the bucket, as the exchange counts them
 */
public record ExchangeCandle(long bucketStart, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
        BigDecimal volume, BigDecimal quoteVolume, long trades) {

    public ExchangeCandle {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(quoteVolume, "quoteVolume");
    }
}
