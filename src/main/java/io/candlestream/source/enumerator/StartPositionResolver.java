package io.candlestream.source.enumerator;

import static io.candlestream.feed.HistoryLookup.await;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.config.StartPosition;
import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.resume.ResumeLookup;
import io.candlestream.resume.ResumePoint;
import io.candlestream.source.split.StreamSplit;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link StartPosition} into the first split of a stream that has no Flink state: the cursor to start after
 * and the time from which its candles are complete, found with one or two history look-ups.
 */
public final class StartPositionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(StartPositionResolver.class);
    private static final long BUCKET_MILLIS = 60_000L;
    private static final int MAX_LOOKUP_ROUNDS = 5;

    private final FeedAdapter feed;
    private final HistoryClient history;
    private final ResumeLookup resume;

    public StartPositionResolver(FeedAdapter feed, HistoryClient history) {
        this(feed, history, null);
    }

    /** @param resume reads the candles table for {@code --start-from db}; {@code null} when there is no database */
    public StartPositionResolver(FeedAdapter feed, HistoryClient history, ResumeLookup resume) {
        this.feed = feed;
        this.history = history;
        this.resume = resume;
    }

    /**
     * A resolved start: the split, and the first trade it will load from history when a look-up found it.
     *
     * @param split the stream's first split
     * @param firstTrade the first trade after {@code split.lastCursor()}, if a look-up returned it
     */
    public record Resolution(StreamSplit split, Optional<Trade> firstTrade) {}

    /**
     * Resolves where {@code stream} starts.
     *
     * <ul>
     *   <li>{@code latest}: from the start of the current 1-minute bucket on the exchange's clock, so the first
     *       minute is complete (larger intervals skip their first, partial bucket);
     *   <li>an instant: from the first trade at or after it;
     *   <li>{@code id:n}: from trade n; its own bucket is partial unless n opens it, so buckets that begin at or
     *       before trade n's time are not written;
     *   <li>{@code db}: from the candles table's {@link ResumePoint} (R, T): after trade R − 1, buckets from T on.
     *       Trade R itself is loaded again: its bucket begins before T, so it is not written, but R's price is the
     *       close that flat candles from T on carry (the candle operator has no state yet). No row: {@code latest}.
     * </ul>
     *
     * @throws StartPositionUnavailableException when {@code id:n} or the table's cursor is older than the history the
     *     exchange still serves
     */
    public StreamSplit resolve(StreamId stream, StartPosition position) {
        return resolveDetailed(stream, position).split();
    }

    /** As {@link #resolve}, with the first trade to load when the look-ups returned it (for the dry run). */
    public Resolution resolveDetailed(StreamId stream, StartPosition position) {
        Resolution resolution = feed.denseCursors() ? dense(stream, position) : sparse(stream, position);
        StreamSplit split = resolution.split();
        LOG.info("[{}] --start-from {}: starts after cursor {}; candles complete from {}", stream, position,
                split.lastCursor(), Instant.ofEpochMilli(split.completeFrom()));
        return resolution;
    }

    private Resolution dense(StreamId stream, StartPosition position) {
        return switch (position.kind()) {
            case LATEST -> latest(stream);
            case BLOCK -> throw new InvalidOptionException("--start-from", "'" + position + "' is for chain feeds; "
                    + feed.name() + " counts trade ids: use id:<n>");
            case INSTANT -> {
                Resolution r = fromTime(stream, position.instant().toEpochMilli());
                if (r.firstTrade().isPresent()) {
                    warnIfPredecessorNotServed(stream, position, r.firstTrade().get());
                }
                yield r;
            }
            case CURSOR -> {
                Cursor first = feed.cursorCodec().fromColumn(position.cursorId());
                Optional<Trade> trade = await(history.tradeAt(stream, first), stream, "trade " + first);
                if (trade.isEmpty()) {
                    Optional<Trade> oldest = oldestServed(stream);
                    if (oldest.isPresent() && oldest.get().cursor().isAfter(first)) {
                        throw notServed(stream, position, "trade " + first + " is", oldest.get());
                    }
                    throw new HistoryException("--start-from " + position + ": " + feed.name() + " has no trade "
                            + first + " for " + stream.symbol() + " (not yet traded, or no longer served)");
                }
                yield new Resolution(new StreamSplit(stream, feed.predecessor(first), trade.get().time() + 1), trade);
            }
            case DB -> fromDatabase(stream, position);
        };
    }

    /**
     * A sparse feed (a chain) starts at positions, not trades: an instant or {@code latest} from the first block at
     * or after it, {@code block:n} from block n's first log (its bucket is partial unless the block opens it), an
     * {@code id:} value as a cursor column; {@code db} as for dense feeds, from the table's last trade.
     */
    private Resolution sparse(StreamId stream, StartPosition position) {
        return switch (position.kind()) {
            case LATEST -> {
                long now = await(history.serverTime(), stream, "server time");
                yield fromPosition(stream, Math.floorDiv(now, BUCKET_MILLIS) * BUCKET_MILLIS);
            }
            case INSTANT -> fromPosition(stream, position.instant().toEpochMilli());
            case BLOCK, CURSOR -> {
                Cursor first = position.kind() == StartPosition.Kind.BLOCK ? new Cursor(position.cursorId(), 0)
                        : feed.cursorCodec().fromColumn(position.cursorId());
                Optional<Long> time = await(history.positionTime(stream, first), stream, "time of " + first);
                if (time.isEmpty()) {
                    throw new HistoryException("--start-from " + position + ": " + feed.name() + " has no block "
                            + first.height() + " yet for " + stream.symbol());
                }
                yield new Resolution(new StreamSplit(stream, feed.predecessor(first), time.get() + 1), Optional.empty());
            }
            case DB -> fromDatabase(stream, position);
        };
    }

    private Resolution fromPosition(StreamId stream, long epochMillis) {
        Optional<Cursor> first = await(history.firstPositionAtOrAfter(stream, epochMillis), stream,
                "first position at " + Instant.ofEpochMilli(epochMillis));
        if (first.isPresent()) {
            return new Resolution(new StreamSplit(stream, feed.predecessor(first.get()), epochMillis), Optional.empty());
        }
        // Nothing at or after that time yet: start after the newest safe position.
        Cursor newest = await(history.probe(stream, feed.publicationDelay()), stream, "newest position").newest();
        if (newest == null) {
            throw new HistoryException("[" + stream + "] " + feed.name() + " has no position at or after "
                    + Instant.ofEpochMilli(epochMillis) + " and none before it");
        }
        return new Resolution(new StreamSplit(stream, newest, epochMillis), Optional.empty());
    }

    private Resolution latest(StreamId stream) {
        long now = await(history.serverTime(), stream, "server time");
        long bucketStart = Math.floorDiv(now, BUCKET_MILLIS) * BUCKET_MILLIS;
        return fromTime(stream, bucketStart);
    }

    private Resolution fromDatabase(StreamId stream, StartPosition position) {
        if (resume == null) {
            throw new IllegalStateException("--start-from db needs the candles table, but the source has no database");
        }
        Optional<ResumePoint> point = resume.resumePoint(stream);
        if (point.isEmpty()) {
            LOG.info("[{}] --start-from db: the candles table has no row for this stream; starting from latest", stream);
            return latest(stream);
        }
        Cursor last = feed.cursorCodec().fromColumn(point.get().lastCursor());
        Optional<Trade> trade = await(history.tradeAt(stream, last), stream, "trade " + last);
        if (trade.isEmpty()) {
            Optional<Trade> oldest = oldestServed(stream);
            if (oldest.isPresent() && oldest.get().cursor().isAfter(last)) {
                throw notServed(stream, position, "the candles table ends at trade " + last + " ("
                        + Instant.ofEpochMilli(point.get().completeFrom()) + "), which is", oldest.get());
            }
            throw new HistoryException("--start-from db: " + feed.name() + " has no trade " + last + " for "
                    + stream.symbol() + ", the last trade the candles table covers; is the table from another exchange?");
        }
        LOG.info("[{}] --start-from db: resuming {}", stream, point.get());
        return new Resolution(new StreamSplit(stream, feed.predecessor(last), point.get().completeFrom()), trade);
    }

    /**
     * An instant before the oldest trade still served cannot be told apart from an instant before the stream's first
     * trade ever (the API shows neither the older trades nor whether there were any), so it starts at the oldest
     * trade served, with a warning when trades before it are not served. Ids ({@code id:n}, {@code db}) are exact.
     */
    private void warnIfPredecessorNotServed(StreamId stream, StartPosition position, Trade first) {
        if (feed.cursorCodec() != CursorCodec.DENSE_ID || first.cursor().height() <= 0) {
            return;
        }
        Cursor before = feed.predecessor(first.cursor());
        if (await(history.tradeAt(stream, before), stream, "trade " + before).isEmpty()) {
            LOG.warn("[{}] --start-from {}: the oldest trade {} serves is {} at {}; if trades before it existed after "
                    + "{}, they are not served and their candles are not written", stream, position, feed.name(),
                    first.cursor(), Instant.ofEpochMilli(first.time()), position.instant());
        }
    }

    private Optional<Trade> oldestServed(StreamId stream) {
        return await(history.oldestServedTrade(stream), stream, "oldest trade served");
    }

    private StartPositionUnavailableException notServed(StreamId stream, StartPosition position, String what,
            Trade oldest) {
        return new StartPositionUnavailableException("--start-from " + position + ": " + what + " older than the "
                + "history " + feed.name() + " still serves for " + stream.symbol() + "; available: from trade "
                + oldest.cursor() + " at " + Instant.ofEpochMilli(oldest.time()) + " on. Use --start-from id:"
                + feed.cursorCodec().toColumn(oldest.cursor()) + ", a later instant, or latest (the candles "
                + "between are lost); the job is not restarted");
    }

    private Resolution fromTime(StreamId stream, long epochMillis) {
        for (int attempt = 1; attempt <= MAX_LOOKUP_ROUNDS; attempt++) {
            Optional<Trade> first = await(history.firstTradeAtOrAfter(stream, epochMillis), stream,
                    "first trade at " + Instant.ofEpochMilli(epochMillis));
            if (first.isPresent()) {
                return new Resolution(new StreamSplit(stream, feed.predecessor(first.get().cursor()), epochMillis),
                        first);
            }
            // Nothing traded since then, so far: start after the newest trade, but only if it really lies before
            // the wanted time. A trade may have happened between the two look-ups; then it is the first one.
            Optional<Trade> latest = await(history.latestTrade(stream), stream, "latest trade");
            if (latest.isEmpty()) {
                return new Resolution(new StreamSplit(stream, feed.predecessor(feed.cursorCodec().fromColumn(0)),
                        epochMillis), Optional.empty());
            }
            if (latest.get().time() < epochMillis) {
                return new Resolution(new StreamSplit(stream, latest.get().cursor(), epochMillis), Optional.empty());
            }
            LOG.info("[{}] a trade at {} arrived while resolving the start; looking again", stream,
                    Instant.ofEpochMilli(latest.get().time()));
        }
        throw new HistoryException("[" + stream + "] the history API's answers about trades since "
                + Instant.ofEpochMilli(epochMillis) + " kept contradicting each other in " + MAX_LOOKUP_ROUNDS
                + " rounds (no first trade since then, yet a newer trade than that)");
    }

}
