package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.Trade;
import java.util.List;
import java.util.Objects;

/**
 * The part of one stream's gap that the reader has not handed to the backfill operator yet, and the newest live trade
 * that follows it. A gap of millions of ids is never cut at once: {@link #next} yields a few chunks at a time, so the
 * reader's memory does not depend on the range, and live trades that arrive meanwhile are not buffered: a trade past
 * the gap's end moves the end up to it and replaces the held trade (the one before becomes part of the gap and is
 * fetched from history), a trade inside the gap is dropped because the gap covers it. So one stream's backlog takes
 * constant memory however long the range and however long it takes.
 *
 * <p>Confined to the reader's main thread.
 */
final class GapBacklog {

    private final FeedAdapter feed;
    private Gap remaining;
    private Trade last;
    private Cursor end;
    private boolean emitLast;
    private long totalIds;
    private long emittedIds;

    /**
     * @param gap the ids still missing: after the split's cursor, before {@code last} (or up to and including it when
     *     {@code emitLast} is false)
     * @param last the newest trade known: the live trade that revealed the gap, or the exchange's newest trade
     * @param emitLast whether {@code last} itself is emitted once the gap is done (a live trade), rather than being the
     *     gap's own last id (a probe's answer)
     */
    GapBacklog(FeedAdapter feed, Gap gap, Trade last, boolean emitLast) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.remaining = Objects.requireNonNull(gap, "gap");
        this.last = Objects.requireNonNull(last, "last");
        this.end = last.cursor();
        this.emitLast = emitLast;
        this.totalIds = feed.backlogUnits(gap);
    }

    /**
     * A backlog that ends at a position without a trade there (a head or a probe revealed it): the gap covers every
     * trade up to and including {@code end}, and nothing is held.
     */
    GapBacklog(FeedAdapter feed, Gap gap, Cursor end) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.remaining = Objects.requireNonNull(gap, "gap");
        this.end = Objects.requireNonNull(end, "end");
        this.emitLast = false;
        this.totalIds = feed.backlogUnits(gap);
    }

    /** What happened to a live trade offered while the backlog is open. */
    enum Absorbed {
        /** The gap already covers it; it will come from history. */
        COVERED,
        /** It is the held trade again. */
        DUPLICATE,
        /** It is newer than everything: the gap now reaches it and it is held instead. */
        EXTENDED
    }

    /** Takes a live trade that is after the split's cursor; see {@link Absorbed}. */
    Absorbed absorb(Trade trade) {
        Cursor cursor = trade.cursor();
        if (cursor.isAtOrBefore(end)) {
            return emitLast && cursor.equals(end) ? Absorbed.DUPLICATE : Absorbed.COVERED;
        }
        if (!remaining.before().isAfter(cursor)) {
            Gap extended = remaining.part(remaining.after(), cursor);
            totalIds += Math.max(0, feed.backlogUnits(extended) - feed.backlogUnits(remaining));
            remaining = extended;
        }
        last = trade;
        end = cursor;
        emitLast = true;
        return Absorbed.EXTENDED;
    }

    /**
     * Makes the gap reach up to and including {@code position} (a connection covers only what follows it); a held
     * live trade at or before it becomes part of the gap and is fetched instead of emitted.
     */
    void extendTo(Cursor position) {
        if (!position.isAfter(end)) {
            return;
        }
        Gap extended = remaining.part(remaining.after(), feed.successor(position));
        totalIds += Math.max(0, feed.backlogUnits(extended) - feed.backlogUnits(remaining));
        remaining = extended;
        end = position;
        emitLast = false;
    }

    /** The next at most {@code maxChunks} chunks; the caller emits them in order and moves its cursor past them. */
    List<Gap> next(int maxChunks) {
        List<Gap> chunks = feed.firstChunks(remaining, maxChunks);
        if (!chunks.isEmpty()) {
            Cursor emittedUpTo = feed.predecessor(chunks.get(chunks.size() - 1).before());
            long before = feed.backlogUnits(remaining);
            remaining = remaining.part(emittedUpTo, remaining.before());
            emittedIds += Math.max(0, before - feed.backlogUnits(remaining));
        }
        return chunks;
    }

    /** Whether every chunk was handed out; then {@link #last} follows. */
    boolean drained() {
        return feed.firstChunks(remaining, 1).isEmpty();
    }

    /** Why the gap was opened. */
    GapReason reason() {
        return remaining.reason();
    }

    /** The newest trade known, or {@code null} for a backlog that ends at a head without a trade. */
    Trade last() {
        return last;
    }

    /** The split's position once the backlog is drained: the held trade's cursor, or the head. */
    Cursor end() {
        return end;
    }

    /** Whether {@link #last} is still to be emitted (a live trade) rather than part of the gap. */
    boolean emitLast() {
        return emitLast;
    }

    /** Units ({@link FeedAdapter#progressUnit()}) in the backlog since it opened, extensions included. */
    long totalIds() {
        return totalIds;
    }

    /** Ids handed to the backfill operator so far. */
    long emittedIds() {
        return emittedIds;
    }

    /** Ids still to hand out. */
    long remainingIds() {
        return feed.backlogUnits(remaining);
    }
}
