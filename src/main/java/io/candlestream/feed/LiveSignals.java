package io.candlestream.feed;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.List;

/**
 * Where a {@link LiveSession} writes what its frames mean; the engine's side of the session protocol. Calls are made
 * from the thread that called the session and are kept in order with the connection's frames.
 */
public interface LiveSignals {

    /** Trades of one frame, in frame order (several streams may be mixed). */
    void trades(List<Trade> trades);

    /**
     * No trade of {@code stream} with a time at or before {@code epochMillis} is still to come on this connection (a
     * reorder window or a confirmation depth released it); the stream's watermark may move there.
     */
    void safeTime(StreamId stream, long epochMillis);

    /**
     * This connection will deliver no further trade of {@code stream} at or before {@code newest} (a new block head,
     * say); {@code stream} {@code null} means every stream of the connection (a chain's head). A hole the connection
     * did not cover up to there becomes a gap.
     */
    void head(StreamId stream, Cursor newest);

    /**
     * From now on this connection delivers every trade of {@code stream} ({@code null}: every stream of the
     * connection) after {@code position}, and nothing at or before it: a sparse feed's session says so once it knows
     * where its complete delivery starts (a chain session at its first confirmed block). Whatever lies between the
     * split's cursor and {@code position} (inclusive) becomes a gap; after that, heads move the cursor and safe times
     * the watermark without further gaps.
     */
    default void coversAfter(StreamId stream, Cursor position) {
    }

    /**
     * The session cannot vouch for what it delivers any more (a frame it could not decode, a hole it cannot describe):
     * drop the connection and connect again; what it missed becomes a gap like after any reconnect.
     */
    default void reconnect(String reason) {
    }

    /** A chain's newest block and the newest block at the confirmation depth, for the reader's chain metrics. */
    default void chainHead(long headBlock, long confirmedBlock) {
    }

    /**
     * A chain reorganisation the session saw: blocks {@code fromBlock..toBlock} replaced, {@code droppedLogs} held logs
     * dropped; {@code beyondConfirmations} when it replaced blocks already handed downstream (their candles need a
     * repair run: the engine leaves a {@code DEEP_REORG} dead letter per stream).
     */
    default void reorg(long fromBlock, long toBlock, int droppedLogs, boolean beyondConfirmations) {
    }

    /** A frame to send back on this connection, e.g. the reply to an application-level ping. */
    void send(String frame);

    /**
     * The feed refused or broke {@code stream} (a rejected subscription, say): counted on that stream and logged; past
     * a bounded count the source fails with this message.
     */
    void streamError(StreamId stream, String message);

    /**
     * A frame that is not what the protocol allows; {@code stream} is the one it belongs to if the session can tell,
     * else {@code null}. Its trades, if it had any, come back through a gap.
     */
    void malformed(StreamId stream, MalformedFrameException error);
}
