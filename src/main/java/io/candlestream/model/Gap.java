package io.candlestream.model;

import java.util.Objects;

/**
 * A range of one stream whose trades were not received live and must be fetched from history.
 *
 * <p>Both bounds are exclusive: the gap holds every trade strictly after {@code after} (the last trade handed
 * downstream) and strictly before {@code before} (the first trade that follows the hole). For a dense-id feed the
 * gap is exactly the ids {@code after.height + 1 .. before.height - 1}. The source cuts a gap into chunks of at most
 * one history page each, so one gap becomes at most one bounded batch of trades.
 */
public record Gap(StreamId stream, Cursor after, Cursor before) implements FeedEvent {

    public Gap {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        if (!before.isAfter(after)) {
            throw new IllegalArgumentException("empty gap: before " + before + " is not after " + after);
        }
    }

    @Override
    public String toString() {
        return "Gap[" + stream + " (" + after + ", " + before + ")]";
    }
}
