package io.candlestream.feed;

import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous access to a feed's history API, with the feed's paging, page checks, rate limits and retries inside.
 *
 * <p>Every future completes: with the result, or exceptionally with a {@link HistoryException} once the retries are
 * exhausted or the request cannot succeed. Thread-safe.
 */
public interface HistoryClient extends AutoCloseable {

    /** Every trade of the gap, in cursor order, checked to be exactly the gap's range (no hole, nothing outside). */
    CompletableFuture<List<Trade>> fetch(Gap gap);

    /** The first trade whose time is at or after {@code epochMillis}, if the exchange has one yet. */
    CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis);

    /** The trade at exactly this cursor, if the exchange still serves it. */
    CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor);

    /** The newest trade the exchange has for the stream, if any. */
    CompletableFuture<Optional<Trade>> latestTrade(StreamId stream);

    /**
     * The oldest trade the exchange still serves for the stream, if it can tell (for error messages about positions
     * older than that); empty by default.
     */
    default CompletableFuture<Optional<Trade>> oldestServedTrade(StreamId stream) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * The first position whose time is at or after {@code epochMillis}, if the feed has one yet: a chain's first
     * block at or after it (found by binary search on block timestamps). By default the first trade's cursor.
     */
    default CompletableFuture<Optional<Cursor>> firstPositionAtOrAfter(StreamId stream,
            long epochMillis) {
        return firstTradeAtOrAfter(stream, epochMillis).thenApply(trade -> trade.map(Trade::cursor));
    }

    /**
     * The time of a position (epoch milliseconds), if the feed has it yet: a chain's block timestamp. By default the
     * time of the trade at exactly that cursor.
     */
    default CompletableFuture<Optional<Long>> positionTime(StreamId stream, Cursor position) {
        return tradeAt(stream, position).thenApply(trade -> trade.map(Trade::time));
    }

    /** The exchange's clock, epoch milliseconds. */
    CompletableFuture<Long> serverTime();

    /**
     * One look at a quiet stream: its safe time and newest trade. The default reads the exchange's clock first, then
     * the newest trade, so that if that trade is the stream's last one every later trade is later than the clock; the
     * safe time is the clock less {@code publicationDelay} less 1 ms. A chain's client overrides it with the time of
     * the block at head − confirmations, and that block's position as {@link StreamProbe#head()}.
     */
    default CompletableFuture<StreamProbe> probe(StreamId stream, java.time.Duration publicationDelay) {
        return serverTime().thenCompose(serverTime -> latestTrade(stream).thenApply(latest -> new StreamProbe(stream,
                StreamProbe.safeTimeAfterClock(serverTime, publicationDelay), latest.orElse(null), null)));
    }

    /**
     * One probe round over many quiet streams: an answer per stream the feed could look at, in any order. A stream
     * without an answer (its look-up failed) is simply not in the list; the future fails only if no stream could be
     * answered. The default probes each stream on its own ({@link #probe}), which costs requests per stream; a feed
     * with a batch endpoint (Binance's 24-hour ticker) overrides it so that a round costs O(1) requests plus one per
     * stream that actually traded.
     */
    default CompletableFuture<List<StreamProbe>> probeAll(List<StreamId> streams,
            java.time.Duration publicationDelay) {
        if (streams.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return ProbeRound.answered(streams.stream().map(stream -> probe(stream, publicationDelay)).toList());
    }

    /**
     * The least time between the starts of two probe rounds over {@code quietStreams} streams, so that probes use
     * only a fixed share of the feed's rate limit whatever the number of streams; the prober waits the longer of
     * this and its own interval. Zero by default (a feed whose round costs O(1) requests).
     */
    default java.time.Duration probeRoundSpacing(int quietStreams) {
        return java.time.Duration.ZERO;
    }

    /** What the client spent on probes so far (requests and rate-limit weight), if it counts it. */
    default java.util.Optional<ProbeSpend> probeSpend() {
        return java.util.Optional.empty();
    }

    /**
     * The client's own figures, registered as gauges in the backfill operator's {@code history} metric group (a
     * chain client's current {@code eth_getLogs} span and the ranges it split); none by default.
     */
    default java.util.Map<String, java.util.function.LongSupplier> gauges() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
