package io.candlestream.feed;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.Objects;

/**
 * What the history API says about one stream right now: a safe time (no trade of the stream at or before it is still
 * to be published), the newest trade it has (if any) and, for a feed whose history is final up to a position without
 * a trade there (a chain at head − confirmations), that position.
 *
 * @param stream the stream asked about
 * @param safeTime epoch millis; every trade at or before it is already in history
 * @param latest the newest trade in history, or {@code null} if there is none
 * @param head the newest position history is final up to, or {@code null} if the feed only knows {@code latest}
 */
public record StreamProbe(StreamId stream, long safeTime, Trade latest, Cursor head) {

    public StreamProbe {
        Objects.requireNonNull(stream, "stream");
    }

    /** The newest position history is known to cover: the later of {@code head} and the latest trade, or null. */
    public Cursor newest() {
        Cursor trade = latest == null ? null : latest.cursor();
        if (head == null) {
            return trade;
        }
        return trade == null || head.isAfter(trade) ? head : trade;
    }

    /**
     * The safe time of a probe that read the exchange's clock before the newest trade: every trade published later
     * is later than the clock less the publication delay, so the safe time is that less 1 ms.
     */
    public static long safeTimeAfterClock(long serverTime, java.time.Duration publicationDelay) {
        return serverTime - publicationDelay.toMillis() - 1;
    }
}
