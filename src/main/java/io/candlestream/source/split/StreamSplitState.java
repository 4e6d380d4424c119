package io.candlestream.source.split;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;

/**
 * The mutable position of one split inside a reader; touched only by the reader's main (mailbox) thread.
 *
 * <p>The cursor moves after an event is handed downstream, so a checkpoint taken between two events records exactly
 * what was emitted.
 */
public final class StreamSplitState {

    private final StreamId stream;
    private Cursor lastCursor;
    private Long completeFrom;
    private long watermark = Long.MIN_VALUE;
    private long lastTradeTime = Long.MIN_VALUE;

    public StreamSplitState(StreamSplit split) {
        this.stream = split.stream();
        this.lastCursor = split.lastCursor();
        this.completeFrom = split.completeFrom();
    }

    public StreamId stream() {
        return stream;
    }

    /** Inclusive: the last trade handed downstream (or the position before the first wanted one). */
    public Cursor lastCursor() {
        return lastCursor;
    }

    public void advanceTo(Cursor cursor, long tradeTime) {
        this.lastCursor = cursor;
        this.lastTradeTime = Math.max(lastTradeTime, tradeTime);
    }

    /** Epoch millis from which the stream is complete, while its start marker is still to be emitted, else null. */
    public Long pendingStart() {
        return completeFrom;
    }

    public void startEmitted() {
        this.completeFrom = null;
    }

    /** The highest watermark emitted for this split since it was added to this reader. */
    public long watermark() {
        return watermark;
    }

    /** Records {@code candidate} as the split's watermark if it is higher; returns whether it was. */
    public boolean raiseWatermark(long candidate) {
        if (candidate > watermark) {
            watermark = candidate;
            return true;
        }
        return false;
    }

    public long lastTradeTime() {
        return lastTradeTime;
    }

    public StreamSplit toSplit() {
        return new StreamSplit(stream, lastCursor, completeFrom);
    }
}
