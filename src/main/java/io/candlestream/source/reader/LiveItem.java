package io.candlestream.source.reader;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.List;

/**
 * What the socket and probe threads hand to the reader's main thread through the {@link LiveBuffer}. Items that come
 * from a connection's session carry the connection's number, so the reader knows which connection covered a stream.
 */
sealed interface LiveItem {

    /** The trades of one live frame of connection {@code connection}, in frame order. */
    record Trades(long connection, List<Trade> trades) implements LiveItem {}

    /**
     * A live frame that did not decode, of {@code stream} if the session could tell ({@code null} otherwise); its
     * trades are lost on this connection and come back as a gap.
     */
    record Malformed(StreamId stream, MalformedFrameException error) implements LiveItem {}

    /** No trade of {@code stream} at or before {@code epochMillis} is still to come on connection {@code connection}. */
    record SafeTime(long connection, StreamId stream, long epochMillis) implements LiveItem {}

    /**
     * Connection {@code connection} delivers nothing more of {@code stream} (every stream if {@code null}) at or
     * before {@code newest}.
     */
    record Head(long connection, StreamId stream, Cursor newest) implements LiveItem {}

    /** Connection {@code connection} delivers every trade of {@code stream} (all if {@code null}) after {@code position}. */
    record Covers(long connection, StreamId stream, Cursor position) implements LiveItem {}

    /** A chain's head and confirmed block, or a reorganisation, as a session reported it (metrics only). */
    record Chain(long headBlock, long confirmedBlock, long reorgFrom, long reorgTo, int droppedLogs, boolean deepReorg)
            implements LiveItem {

        boolean isReorg() {
            return reorgFrom >= 0;
        }
    }

    /** The feed refused or broke a stream, e.g. rejected its subscription. */
    record StreamError(StreamId stream, String message) implements LiveItem {}

    /** Connection {@code connection} opened ({@code opened}) or went away, with why. */
    record Connection(long connection, boolean opened, String detail) implements LiveItem {}

    /** The socket buffer overflowed; the connection was dropped and what it missed will be a gap. */
    record Overflow(int capacity) implements LiveItem {}

    /** The connection gave up (e.g. too many failed attempts in a row); the reader fails with this error. */
    record Failed(LiveFeedException error) implements LiveItem {}

    /** The history API's answer for a quiet stream. */
    record Probe(StreamProbe probe) implements LiveItem {}
}
