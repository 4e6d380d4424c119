package io.candlestream.candles;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;

/**
 * The running OHLCV of the trades of one bucket, exact. Open and close follow the cursor (the smallest and the largest
 * cursor seen), not arrival order, so two trades in the same millisecond still close on the later id.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields) kept in keyed state; its fields are its state
 * schema, so rename or retype them only with a migration in mind.
 */
public class CandleAccumulator {

    public BigDecimal open;
    public BigDecimal high;
    public BigDecimal low;
    public BigDecimal close;
    public BigDecimal volume;
    public BigDecimal quoteVolume;
    public long tradeCount;
    /** Cursor of the first trade (smallest cursor), inclusive. */
    public long firstHeight;
    public int firstIndex;
    /** Cursor of the last trade (largest cursor), inclusive. */
    public long lastHeight;
    public int lastIndex;

    public CandleAccumulator() {}

    /** An accumulator holding one trade. */
    public static CandleAccumulator of(Trade trade) {
        CandleAccumulator acc = new CandleAccumulator();
        acc.open = trade.price();
        acc.high = trade.price();
        acc.low = trade.price();
        acc.close = trade.price();
        acc.volume = trade.quantity();
        acc.quoteVolume = trade.quoteQuantity();
        acc.tradeCount = trade.rawTrades();
        acc.firstHeight = trade.cursor().height();
        acc.firstIndex = trade.cursor().index();
        acc.lastHeight = trade.cursor().height();
        acc.lastIndex = trade.cursor().index();
        return acc;
    }

    /** Adds one trade (a trade already in the bucket must not be added again: dedup runs before). */
    public void add(Trade trade) {
        BigDecimal price = trade.price();
        if (price.compareTo(high) > 0) {
            high = price;
        }
        if (price.compareTo(low) < 0) {
            low = price;
        }
        volume = volume.add(trade.quantity());
        quoteVolume = quoteVolume.add(trade.quoteQuantity());
        tradeCount = Math.addExact(tradeCount, trade.rawTrades());
        if (trade.cursor().compareTo(firstCursor()) < 0) {
            open = price;
            firstHeight = trade.cursor().height();
            firstIndex = trade.cursor().index();
        }
        if (trade.cursor().compareTo(lastCursor()) > 0) {
            close = price;
            lastHeight = trade.cursor().height();
            lastIndex = trade.cursor().index();
        }
    }

    public Cursor firstCursor() {
        return new Cursor(firstHeight, firstIndex);
    }

    public Cursor lastCursor() {
        return new Cursor(lastHeight, lastIndex);
    }

    /** The candle row of this bucket. */
    public Candle toCandle(StreamId stream, Interval interval, long bucketStart, CursorCodec codec) {
        return new Candle(stream, interval.label(), bucketStart, open, high, low, close, volume, quoteVolume,
                tradeCount, codec.toColumn(firstCursor()), codec.toColumn(lastCursor()));
    }
}
