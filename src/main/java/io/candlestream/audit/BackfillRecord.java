package io.candlestream.audit;

import java.util.Objects;

/**
 * One filled gap chunk as the {@code backfills} table keeps it: the stream, the gap's exclusive cursor bounds, what was
 * loaded (trades, their first and last cursor and time), the history requests it took, why the gap was opened and when
 * it was filled.
 *
 * <p>Cursors are in the feed's column form ({@link io.candlestream.feed.CursorCodec}), as in {@code candles}. The key is
 * (feed, symbol, after, before): a replay after a failure fills the same chunk again and maps to the same row. A
 * Flink POJO (a record of simple fields), so no Kryo is involved.
 *
 * @param afterCursor the last trade before the gap (exclusive bound)
 * @param beforeCursor the first trade after the gap (exclusive bound)
 * @param firstCursor the first trade loaded, {@code null} when the gap held none
 * @param lastCursor the last trade loaded, {@code null} when the gap held none
 * @param firstTradeTime the time of the first trade loaded (epoch ms), {@code null} when none
 * @param lastTradeTime the time of the last trade loaded (epoch ms), {@code null} when none
 * @param trades trades loaded
 * @param requests history requests (attempts, retries included) sent for the stream while the gap was in flight
 * @param reason why the source opened the gap ({@code GapReason} name)
 * @param filledAt when the backfill completed (wall clock, epoch ms)
 */
public record BackfillRecord(String feed, String symbol, long afterCursor, long beforeCursor, Long firstCursor,
        Long lastCursor, Long firstTradeTime, Long lastTradeTime, long trades, long requests, String reason,
        long filledAt) {

    public BackfillRecord {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(reason, "reason");
        if (trades < 0 || requests < 0) {
            throw new IllegalArgumentException("trades and requests must not be negative, were " + trades + ", "
                    + requests);
        }
    }
}
