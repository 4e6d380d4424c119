package io.candlestream.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Input the job rejected, kept so a user can see it: which stream, what kind of rejection, a bounded excerpt of the
 * input, why, when it was seen (epoch ms, wall clock) and, when known, the trade's cursor and time.
 *
 * <p>A malformed frame that cannot be attributed to one stream (a frame whose symbol did not parse) uses the feed
 * with the symbol {@value #ANY_SYMBOL}: {@code new StreamId(feed, DeadLetter.ANY_SYMBOL)}, see {@link #unattributed}.
 * Dead letters pass the backfill in order and leave the keyed stage on a side output; they never reach the candles.
 *
 * @param stream the stream the rejected input belongs to, or {@code feed:*}
 * @param kind why it was rejected
 * @param excerpt at most {@value #MAX_EXCERPT_CHARS} characters of the input (longer input is cut and marked "…")
 * @param reason what was expected, at most {@value #MAX_REASON_CHARS} characters (cut and marked likewise)
 * @param seenAt when the job rejected it, epoch milliseconds
 * @param cursor the trade's cursor, or {@code null} when the input did not yield one
 * @param tradeTime the trade's time, epoch milliseconds, or {@code null} when unknown
 */
public record DeadLetter(StreamId stream, Kind kind, String excerpt, String reason, long seenAt, Cursor cursor,
        Long tradeTime) implements FeedEvent {

    /** The symbol of a dead letter that belongs to no single stream of its feed. */
    public static final String ANY_SYMBOL = "*";

    /** Longest excerpt kept, as {@code MalformedFrameException.excerpt}. */
    public static final int MAX_EXCERPT_CHARS = 200;

    /** Longest reason kept. */
    public static final int MAX_REASON_CHARS = 1000;

    /** Why input was rejected; the names are written to the {@code dead_letters} table and never change. */
    public enum Kind {
        /** A live frame that does not parse as the feed's protocol. */
        MALFORMED_FRAME,
        /** A trade for a bucket that was final beyond the allowed lateness. */
        LATE_TRADE,
        /** A subscription the exchange refused. */
        REJECTED_SUBSCRIPTION,
        /** A history page that failed its checks. */
        PAGE_REJECTED,
        /**
         * A chain reorganisation replaced blocks that were already handed downstream (deeper than the confirmation
         * depth): the candles of those blocks need a repair run.
         */
        DEEP_REORG
    }

    public DeadLetter {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(kind, "kind");
        excerpt = cut(Objects.requireNonNull(excerpt, "excerpt"), MAX_EXCERPT_CHARS);
        reason = cut(Objects.requireNonNull(reason, "reason"), MAX_REASON_CHARS);
        if (seenAt < 0) {
            throw new IllegalArgumentException("seenAt must be epoch milliseconds (zero or positive), was " + seenAt);
        }
    }

    /** A dead letter of {@code feed} that belongs to no single stream (symbol {@value #ANY_SYMBOL}). */
    public static DeadLetter unattributed(String feed, Kind kind, String excerpt, String reason, long seenAt) {
        return new DeadLetter(new StreamId(feed, ANY_SYMBOL), kind, excerpt, reason, seenAt, null, null);
    }

    /** A trade too late for its candle, with its cursor and time, and the trade itself as excerpt. */
    public static DeadLetter lateTrade(Trade trade, String reason, long seenAt) {
        String excerpt = "price " + trade.price().toPlainString() + " quantity " + trade.quantity().toPlainString()
                + " raw trades " + trade.rawTrades();
        return new DeadLetter(trade.stream(), Kind.LATE_TRADE, excerpt, reason, seenAt, trade.cursor(),
                trade.time());
    }

    /**
     * The identity of this rejection, the same every time the same input is rejected again (a replay after a
     * failure): a SHA-256 (hex, 32 chars) of feed, symbol, kind and cursor and trade time when there is a cursor (a
     * trade is rejected at most once, whenever that is seen), else of feed, symbol, kind, excerpt, reason and seen-at.
     */
    public String key() {
        StringBuilder text = new StringBuilder().append(stream.feed()).append('\u0000').append(stream.symbol())
                .append('\u0000').append(kind.name()).append('\u0000');
        if (cursor != null) {
            text.append(cursor.height()).append('/').append(cursor.index()).append('\u0000').append(tradeTime);
        } else {
            text.append(excerpt).append('\u0000').append(reason).append('\u0000').append(seenAt);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
