package io.candlestream.verify;

import io.candlestream.candles.Interval;
import io.candlestream.model.StreamId;
import java.util.List;

/** A feed's source of the exchange's own candles, for {@code scripts/verify.sh}; closed when the check is done. */
public interface ExchangeCandles extends AutoCloseable {

    /** The exchange's clock, epoch milliseconds: only buckets that ended before it are compared. */
    long serverTime() throws Exception;

    /**
     * The exchange's candles of {@code stream} at {@code interval} whose bucket starts in {@code [fromMillis,
     * toMillis)}, in time order; {@code progress} is told after every page.
     */
    List<ExchangeCandle> candles(StreamId stream, Interval interval, long fromMillis, long toMillis,
            Progress progress) throws Exception;

    @Override
    void close();

    /** Told after every page of candles. */
    interface Progress {
        void page(int candlesSoFar, long bucketsWanted, int requests);
    }
}
