package io.candlestream.model;

import java.util.Objects;

/**
 * A range of one stream whose trades were not received live and must be fetched from history.
 *
 * <p>Both bounds are exclusive: the gap holds every trade strictly after {@code after} (the last trade handed
 * downstream) and strictly before {@code before} (the first trade that follows the hole). For a dense-id feed the
 * gap is exactly the ids {@code after.height + 1 .. before.height - 1}. The source cuts a gap into chunks of at most
 * one history page each, so one gap becomes at most one bounded batch of trades. Every chunk keeps the
 * {@link GapReason} the source opened the gap for (use {@link #part}).
 */
public record Gap(StreamId stream, Cursor after, Cursor before, GapReason reason) implements FeedEvent {

    public Gap {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(reason, "reason");
        if (!before.isAfter(after)) {
            throw new IllegalArgumentException("empty gap: before " + before + " is not after " + after);
        }
    }

    /** A gap whose reason was not recorded ({@link GapReason#UNSPECIFIED}); tests and old state. */
    public Gap(StreamId stream, Cursor after, Cursor before) {
        this(stream, after, before, GapReason.UNSPECIFIED);
    }

    /** A part of this gap (a chunk, or what is left of it) between these exclusive bounds, with the same reason. */
    public Gap part(Cursor partAfter, Cursor partBefore) {
        return new Gap(stream, partAfter, partBefore, reason);
    }

    @Override
    public String toString() {
        return "Gap[" + stream + " (" + after + ", " + before + ")"
                + (reason == GapReason.UNSPECIFIED ? "" : " " + reason.name().toLowerCase(java.util.Locale.ROOT)) + "]";
    }
}
