package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.source.metrics.BackfillProgress;
import io.candlestream.source.metrics.StreamSourceMetrics;
import io.candlestream.source.split.StreamSplitState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's side of the reader: emits its events in cursor order and only then advances its cursor, counts
 * {@code numRecordsIn} (in {@link #collect}, the one place), owns its watermark, its open {@link GapBacklog} and its
 * progress. It decides where a gap goes: at a cursor jump (dense feeds), ahead of the first live trade of every
 * connection that has not covered the split yet (sparse feeds), and up to a newest position a head or probe reveals.
 *
 * <p>Confined to the reader's main thread.
 */
final class StreamSplitEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSplitEmitter.class);

    /** No connection has covered the split yet (just restored or added). */
    static final long NO_CONNECTION = -1;

    private final FeedAdapter feed;
    private final StreamSplitState state;
    private final StreamSourceMetrics metrics;
    private final Counter numRecordsIn;
    private final String logName;
    private SourceOutput<FeedEvent> output;
    private GapBacklog backlog;
    private BackfillProgress progress;
    private long lastProgressLog;
    private long backlogEndWatermark = Long.MIN_VALUE;
    private long aheadSinceNanos = -1;
    private long coveredBy = NO_CONNECTION;
    /** The newest connection known to be gone: late items of it or older ones never make it cover the split. */
    private long lostUpTo = NO_CONNECTION;
    private int streamErrors;
    private volatile long pendingUnits;
    /** Why the next hole at a connection's first trade, head or probe is missing (see {@link GapReason}). */
    private GapReason nextHoleReason;
    /** The connection {@link #nextHoleReason} was decided for; a different one is a reconnect. */
    private long reasonConnection = NO_CONNECTION;
    /** A {@link #onCovers} that came before the split's output was open: applied in {@link #open}. */
    private long pendingCoverConnection = NO_CONNECTION;
    private Cursor pendingCover;

    StreamSplitEmitter(FeedAdapter feed, StreamSplitState state, StreamSourceMetrics metrics, Counter numRecordsIn,
            String readerName) {
        this.feed = feed;
        this.state = state;
        this.metrics = metrics;
        this.numRecordsIn = numRecordsIn;
        this.logName = readerName;
        this.nextHoleReason = state.pendingStart() != null ? GapReason.BOOTSTRAP : GapReason.RESTORE;
        metrics.cursor(feed.cursorCodec().toColumn(state.lastCursor()));
    }

    StreamSplitState state() {
        return state;
    }

    StreamSourceMetrics metrics() {
        return metrics;
    }

    boolean hasOutput() {
        return output != null;
    }

    boolean backlogOpen() {
        return backlog != null;
    }

    /** Units still to hand out of the open backlog (0 without one); read by the pending-records gauge's thread. */
    long pendingUnits() {
        return pendingUnits;
    }

    /** Takes the split's own watermark output, then emits the start marker if one is pending. */
    void open(SourceOutput<FeedEvent> splitOutput) {
        this.output = splitOutput;
        Long completeFrom = state.pendingStart();
        if (completeFrom != null) {
            collect(new StreamStart(state.stream(), completeFrom), completeFrom);
            state.startEmitted();
        }
        if (pendingCover != null) {
            Cursor cover = pendingCover;
            pendingCover = null;
            onCovers(pendingCoverConnection, cover);
        }
    }

    /** The one place that hands an event downstream and counts it. */
    private void collect(FeedEvent event, long timestamp) {
        output.collect(event, timestamp);
        numRecordsIn.inc();
    }

    /**
     * A live trade of connection {@code connection}: dropped if already emitted; absorbed by an open backlog; behind
     * a new gap if it does not follow the cursor (dense) or is the first this connection delivers (sparse); else
     * emitted and the cursor advanced.
     */
    void onLive(long connection, Trade trade) {
        if (trade.cursor().isAtOrBefore(state.lastCursor())) {
            metrics.duplicateDropped();
            return;
        }
        boolean firstOfConnection = coveredBy != connection;
        noteConnection(connection);
        cover(connection);
        if (backlog != null) {
            if (backlog.absorb(trade) == GapBacklog.Absorbed.DUPLICATE) {
                metrics.duplicateDropped();
            }
            return;
        }
        boolean hole = feed.denseCursors() ? !feed.follows(state.lastCursor(), trade.cursor()) : firstOfConnection;
        if (hole) {
            GapReason reason = firstOfConnection || nextHoleReason == GapReason.CORRUPT_FRAME
                    ? nextHoleReason : GapReason.MISSED_IDS;
            openBacklog(new GapBacklog(feed, gapTo(trade.cursor(), reason), trade, true), Long.MIN_VALUE);
            return;
        }
        collect(trade, trade.time());
        state.advanceTo(trade.cursor(), trade.time());
        aheadSinceNanos = -1;
        metrics.liveTrade(feed.cursorCodec().toColumn(trade.cursor()));
    }

    /** After a frame's live trades: the watermark moves to the last one's time − 1, unless a backlog is open. */
    void afterLive() {
        if (backlog == null && state.lastTradeTime() != Long.MIN_VALUE) {
            emitWatermark(state.lastTradeTime() - 1);
        }
    }

    /**
     * A session's safe time: honoured once this connection covered the split; while a backlog is open it waits for
     * the backlog to drain (the backlog covers the hole before the connection's trades).
     */
    void onSafeTime(long connection, long epochMillis) {
        if (coveredBy != connection) {
            return;
        }
        if (backlog == null) {
            emitWatermark(epochMillis);
        } else {
            backlogEndWatermark = Math.max(backlogEndWatermark, epochMillis);
        }
    }

    /**
     * A session's head: connection {@code connection} delivers nothing more at or before {@code newest}. If the
     * connection has not covered the split (or the feed is dense, where a head past the cursor means missed ids), the
     * hole up to it is a gap; a sparse split the connection covers just moves its cursor there.
     */
    void onHead(long connection, Cursor newest) {
        if (backlog != null || output == null || !newest.isAfter(state.lastCursor())) {
            return;
        }
        noteConnection(connection);
        if (feed.denseCursors() || coveredBy != connection) {
            GapReason reason = coveredBy != connection ? nextHoleReason : GapReason.HEAD;
            openBacklog(new GapBacklog(feed, gapTo(feed.successor(newest), reason), newest), Long.MIN_VALUE);
        } else {
            state.advanceTo(newest, Long.MIN_VALUE);
            metrics.cursor(feed.cursorCodec().toColumn(newest));
        }
    }

    /**
     * Connection {@code connection} delivers every trade after {@code position}: the hole between the cursor and
     * {@code position} (inclusive) becomes a gap, or the open backlog reaches up to it, and the connection covers the
     * split from now on (its heads move the cursor, its safe times the watermark).
     */
    void onCovers(long connection, Cursor position) {
        if (output == null) {
            pendingCoverConnection = connection;
            pendingCover = position;
            return;
        }
        noteConnection(connection);
        cover(connection);
        if (backlog != null) {
            backlog.extendTo(position);
        } else if (position.isAfter(state.lastCursor())) {
            openBacklog(new GapBacklog(feed, gapTo(feed.successor(position), nextHoleReason), position),
                    Long.MIN_VALUE);
        }
    }

    /**
     * Connection {@code connection} went away: it covers the split no more, so until another one does, a probe's newest
     * position is a gap to load (a sparse split) rather than something the connection will deliver.
     */
    void onConnectionLost(long connection) {
        lostUpTo = Math.max(lostUpTo, connection);
        if (coveredBy <= lostUpTo) {
            coveredBy = NO_CONNECTION;
        }
        if (reasonConnection != NO_CONNECTION && reasonConnection <= lostUpTo
                && nextHoleReason != GapReason.OVERFLOW && nextHoleReason != GapReason.CORRUPT_FRAME) {
            nextHoleReason = GapReason.RECONNECT; // what a probe finds before the next connection is a reconnect's hole
        }
    }

    private void cover(long connection) {
        if (connection > lostUpTo) {
            coveredBy = connection;
        }
    }

    /**
     * A quiet stream's probe answer. Nothing newer than the cursor: every later trade is later than the safe time, so
     * the watermark moves there. A sparse split no connection covers (or whose connection sees only blocks with its
     * own trades, {@link io.candlestream.feed.FeedAdapter#liveHeadsMoveQuietStreams}): the hole up to the newest
     * position is a gap, then the watermark moves to the safe time. Otherwise, if the exchange stays ahead for {@code staleNanos},
     * the socket missed trades: backfill up to the newest one and return {@code true} (reconnect).
     */
    boolean onProbe(StreamProbe probe, long staleNanos, long nowNanos) {
        if (output == null || backlog != null) {
            return false; // the exchange is ahead while catching up, of course; the backlog's end moves with live trades
        }
        Cursor newest = probe.newest();
        if (newest == null || newest.isAtOrBefore(state.lastCursor())) {
            aheadSinceNanos = -1;
            emitWatermark(probe.safeTime());
            return false;
        }
        if (!feed.denseCursors() && (coveredBy == NO_CONNECTION || !feed.liveHeadsMoveQuietStreams())) {
            GapReason reason = coveredBy == NO_CONNECTION ? nextHoleReason : GapReason.HEAD;
            openBacklog(new GapBacklog(feed, gapTo(feed.successor(newest), reason), newest), probe.safeTime());
            return false;
        }
        Trade latest = probe.latest();
        if (latest == null || !latest.cursor().isAfter(state.lastCursor())) {
            return false; // only a head is ahead: the connection will deliver or a later probe will tell
        }
        if (aheadSinceNanos < 0) {
            aheadSinceNanos = nowNanos;
        }
        if (nowNanos - aheadSinceNanos < staleNanos) {
            return false;
        }
        aheadSinceNanos = -1;
        LOG.warn("[{}] {} is stale: the exchange has trades up to {} ({}) that the socket did not deliver; "
                        + "backfilling them and reconnecting", logName, state.stream(), latest.cursor(),
                Instant.ofEpochMilli(latest.time()));
        openBacklog(new GapBacklog(feed, gapTo(feed.successor(latest.cursor()), GapReason.STALE_FEED), latest, false),
                Long.MIN_VALUE);
        return true;
    }

    /**
     * A connection other than the one the pending reason was decided for is a reconnect, unless the drop had a reason
     * of its own (an overflow, a corrupt frame).
     */
    private void noteConnection(long connection) {
        if (reasonConnection != NO_CONNECTION && connection != reasonConnection
                && nextHoleReason != GapReason.OVERFLOW && nextHoleReason != GapReason.CORRUPT_FRAME) {
            nextHoleReason = GapReason.RECONNECT;
        }
        reasonConnection = connection;
    }

    /** The hole after the split's cursor and before {@code before}; a one-off reason is used up by it. */
    private Gap gapTo(Cursor before, GapReason reason) {
        if (reason == nextHoleReason && (reason == GapReason.OVERFLOW || reason == GapReason.CORRUPT_FRAME)) {
            nextHoleReason = GapReason.RECONNECT;
        }
        return new Gap(state.stream(), state.lastCursor(), before, reason);
    }

    private void openBacklog(GapBacklog opened, long endWatermark) {
        backlog = opened;
        backlogEndWatermark = endWatermark;
        long now = System.nanoTime();
        progress = new BackfillProgress(now);
        progress.update(0, backlog.totalIds(), now);
        lastProgressLog = now;
        pendingUnits = backlog.remainingIds();
        metrics.gap();
        LOG.info("[{}] gap ({}, {}) of {}: {} {} to backfill ({})", logName,
                opened.end() == null ? "?" : state.lastCursor(), opened.end(), state.stream(), backlog.totalIds(),
                feed.progressUnit(), opened.reason().description());
    }

    /**
     * Hands at most {@code maxChunks} chunks of the open backlog downstream, moving the cursor past each after it was
     * emitted; a drained backlog emits its held live trade and the watermark. Returns the chunks emitted.
     */
    int emitBacklog(int maxChunks, long nowNanos, long progressLogNanos, boolean inReportedBacklog,
            long backlogMinUnits) {
        if (backlog == null || output == null) {
            return 0;
        }
        List<Gap> chunks = maxChunks > 0 ? backlog.next(maxChunks) : List.of();
        long chunkTime = backlog.last() == null ? Long.MIN_VALUE : backlog.last().time();
        for (Gap chunk : chunks) {
            collect(chunk, chunkTime);
            state.advanceTo(feed.predecessor(chunk.before()), Long.MIN_VALUE);
        }
        if (!chunks.isEmpty()) {
            metrics.gapChunks(chunks.size());
            metrics.cursor(feed.cursorCodec().toColumn(state.lastCursor()));
        }
        progress.update(backlog.emittedIds(), backlog.totalIds(), nowNanos);
        pendingUnits = backlog.remainingIds();
        if (backlog.drained()) {
            finishBacklog(nowNanos, progressLogNanos);
        } else {
            metrics.backfill(progress, backlog.remainingIds() >= backlogMinUnits || inReportedBacklog);
            if (nowNanos - lastProgressLog >= progressLogNanos) {
                lastProgressLog = nowNanos;
                LOG.info(progress.line(feed.name() + " " + state.stream().symbol(), feed.progressUnit()));
            }
        }
        return chunks.size();
    }

    /** Whether the open backlog still has at least {@code units} to hand out. */
    boolean backlogAtLeast(long units) {
        return backlog != null && backlog.remainingIds() >= units;
    }

    private void finishBacklog(long nowNanos, long progressLogNanos) {
        GapBacklog done = backlog;
        backlog = null;
        pendingUnits = 0;
        Trade last = done.last();
        if (last != null && done.emitLast()) {
            collect(last, last.time());
            metrics.liveTrade(feed.cursorCodec().toColumn(last.cursor()));
        } else {
            metrics.cursor(feed.cursorCodec().toColumn(done.end()));
        }
        state.advanceTo(done.end(), last == null ? Long.MIN_VALUE : last.time());
        if (last != null) {
            emitWatermark(last.time() - 1);
        }
        emitWatermark(backlogEndWatermark);
        metrics.caughtUp();
        double seconds = progress.elapsedSeconds(nowNanos);
        if (seconds * 1_000_000_000L >= progressLogNanos) {
            LOG.info(String.format(Locale.ROOT, "[%s %s] backfill done: %,d %s in %.1f s (%,d %s/s); live",
                    feed.name(), state.stream().symbol(), done.totalIds(), feed.progressUnit(), seconds,
                    Math.round(done.totalIds() / Math.max(seconds, 1e-9)), feed.progressUnit()));
        }
        progress = null;
    }

    /** Hands a dead letter (rejected input) downstream in order; it moves neither the cursor nor the watermark. */
    void deadLetter(DeadLetter letter) {
        collect(letter, Long.MIN_VALUE);
    }

    /** Counts a malformed frame of this stream; the hole it leaves is backfilled as a corrupt frame's. */
    void malformed() {
        metrics.malformedFrame();
        nextHoleReason = GapReason.CORRUPT_FRAME;
    }

    /** The connection was dropped because the socket buffer overflowed: the next hole is the overflow's. */
    void overflowed() {
        nextHoleReason = GapReason.OVERFLOW;
    }

    /** Counts an error the feed reported for this stream; returns how many it reported so far. */
    int streamError() {
        metrics.streamError();
        return ++streamErrors;
    }

    private void emitWatermark(long watermark) {
        if (watermark != Long.MIN_VALUE && state.raiseWatermark(watermark)) {
            output.emitWatermark(new Watermark(watermark));
            metrics.watermark(watermark);
        }
    }
}
