package io.candlestream.source.enumerator;

import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.source.split.StreamSplit;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link StartPosition} into the first split of a stream that has no Flink state: the cursor to start after
 * and the time from which its candles are complete, found with one or two history look-ups.
 */
public final class StartPositionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(StartPositionResolver.class);
    private static final long BUCKET_MILLIS = 60_000L;
    private static final long LOOKUP_TIMEOUT_SECONDS = 300;
    private static final int MAX_LOOKUP_ROUNDS = 5;

    private final FeedAdapter feed;
    private final HistoryClient history;

    public StartPositionResolver(FeedAdapter feed, HistoryClient history) {
        this.feed = feed;
        this.history = history;
    }

    /**
     * Resolves where {@code stream} starts.
     *
     * <ul>
     *   <li>{@code latest}: from the start of the current 1-minute bucket on the exchange's clock, so the first
     *       minute is complete (larger intervals skip their first, partial bucket);
     *   <li>an instant: from the first trade at or after it;
     *   <li>{@code id:n}: from trade n; its own bucket is partial unless n opens it, so buckets that begin at or
     *       before trade n's time are not written.
     * </ul>
     */
    public StreamSplit resolve(StreamId stream, StartPosition position) {
        StreamSplit split = switch (position.kind()) {
            case LATEST -> {
                long now = await(history.serverTime(), stream, "server time");
                long bucketStart = Math.floorDiv(now, BUCKET_MILLIS) * BUCKET_MILLIS;
                yield fromTime(stream, bucketStart);
            }
            case INSTANT -> fromTime(stream, position.instant().toEpochMilli());
            case CURSOR -> {
                Cursor first = feed.cursorCodec().fromColumn(position.cursorId());
                Optional<Trade> trade = await(history.tradeAt(stream, first), stream, "trade " + first);
                if (trade.isEmpty()) {
                    throw new HistoryException("--start-from " + position + ": " + feed.name() + " has no trade "
                            + first + " for " + stream.symbol() + " (not yet traded, or no longer served)");
                }
                yield new StreamSplit(stream, feed.predecessor(first), trade.get().time() + 1);
            }
        };
        LOG.info("[{}] starts after cursor {}; candles complete from {}", stream, split.lastCursor(),
                Instant.ofEpochMilli(split.completeFrom()));
        return split;
    }

    private StreamSplit fromTime(StreamId stream, long epochMillis) {
        for (int attempt = 1; attempt <= MAX_LOOKUP_ROUNDS; attempt++) {
            Optional<Trade> first = await(history.firstTradeAtOrAfter(stream, epochMillis), stream,
                    "first trade at " + Instant.ofEpochMilli(epochMillis));
            if (first.isPresent()) {
                return new StreamSplit(stream, feed.predecessor(first.get().cursor()), epochMillis);
            }
            // Nothing traded since then, so far: start after the newest trade, but only if it really lies before
            // the wanted time. A trade may have happened between the two look-ups; then it is the first one.
            Optional<Trade> latest = await(history.latestTrade(stream), stream, "latest trade");
            if (latest.isEmpty()) {
                return new StreamSplit(stream, feed.predecessor(feed.cursorCodec().fromColumn(0)), epochMillis);
            }
            if (latest.get().time() < epochMillis) {
                return new StreamSplit(stream, latest.get().cursor(), epochMillis);
            }
            LOG.info("[{}] a trade at {} arrived while resolving the start; looking again", stream,
                    Instant.ofEpochMilli(latest.get().time()));
        }
        throw new HistoryException("[" + stream + "] the history API's answers about trades since "
                + Instant.ofEpochMilli(epochMillis) + " kept contradicting each other in " + MAX_LOOKUP_ROUNDS
                + " rounds (no first trade since then, yet a newer trade than that)");
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, StreamId stream, String what) {
        try {
            return future.get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("[" + stream + "] interrupted while looking up the " + what, e);
        } catch (ExecutionException e) {
            throw new HistoryException("[" + stream + "] cannot look up the " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new HistoryException("[" + stream + "] no answer for the " + what + " within "
                    + LOOKUP_TIMEOUT_SECONDS + " s", e);
        }
    }
}
