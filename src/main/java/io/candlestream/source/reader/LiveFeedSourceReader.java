package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.source.metrics.StreamSourceMetrics;
import io.candlestream.source.split.StreamSplit;
import io.candlestream.source.split.StreamSplitState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the live trades of its splits from one WebSocket connection and hands them downstream in cursor order, with a
 * {@link Gap} ahead of every trade that does not directly follow the split's cursor (after a reconnect, a restore, a
 * dropped or corrupted frame) and a per-split watermark that never passes a trade still to come.
 *
 * <p>All split state, outputs and metrics are confined to the task's mailbox thread (the methods of this class). The
 * connection and probe threads only fill the {@link LiveBuffer}. Every split gets its own watermark output the moment
 * it is added, before anything is emitted, so a split that has not caught up holds the reader's watermark back.
 */
public final class LiveFeedSourceReader implements SourceReader<io.candlestream.model.FeedEvent, StreamSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedSourceReader.class);
    private static final int MAX_ITEMS_PER_POLL = 64;

    /**
     * Gap chunks emitted per poll at most. The backfill operator's queue (--backfill-capacity) pushes back on the
     * emission; this only keeps one poll short, so checkpoints and live frames get their turn.
     */
    static final int MAX_CHUNKS_PER_POLL = 16;

    /** A stream with at least this many ids to backfill puts the reader in backlog (FLIP-309). */
    static final long BACKLOG_MIN_IDS = 10_000;

    /** Progress of a backfill is logged this often, from this long after it began. */
    static final long PROGRESS_LOG_NANOS = 5_000_000_000L;

    private final SourceReaderContext context;
    private final FeedAdapter feed;
    private final Set<StreamId> configuredStreams;
    private final LiveSourceSettings settings;
    private final HistorySettings historySettings;
    private final LiveBuffer buffer;
    private final Map<String, SplitContext> splits = new LinkedHashMap<>();
    private final List<SplitContext> withoutOutput = new ArrayList<>();
    private final Map<StreamId, Long> aheadSinceNanos = new HashMap<>();
    private final String name;
    // Flink's standard source metric (FLIP-33); SourceReaderBase counts it for its readers, this reader must itself.
    private final Counter numRecordsIn;
    private FeedConnection connection;
    private HistoryClient history;
    private QuietProbe probe;
    private boolean idle;
    private boolean everConnected;
    private boolean reportedBacklog;
    private final java.util.function.LongSupplier nanoClock = System::nanoTime;

    public LiveFeedSourceReader(
            SourceReaderContext context,
            FeedAdapter feed,
            Set<StreamId> configuredStreams,
            LiveSourceSettings settings,
            HistorySettings historySettings) {
        this.context = context;
        this.feed = feed;
        this.configuredStreams = Set.copyOf(configuredStreams);
        this.settings = settings;
        this.historySettings = historySettings;
        this.buffer = new LiveBuffer(settings.socketBuffer());
        this.name = feed.name() + "-" + context.getIndexOfSubtask();
        this.numRecordsIn = context.metricGroup().getIOMetricGroup().getNumRecordsInCounter();
    }

    @Override
    public void start() {
        connection = new FeedConnection(feed, settings, buffer, name);
        history = feed.newHistoryClient(historySettings);
        probe = new QuietProbe(history, buffer, settings.quietProbeInterval(), name);
        for (SplitContext split : splits.values()) {
            probe.watch(split.state.stream());
        }
        resubscribe();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<io.candlestream.model.FeedEvent> output) {
        openNewSplitOutputs(output);
        if (splits.isEmpty()) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        for (int i = 0; i < MAX_ITEMS_PER_POLL; i++) {
            LiveItem item = buffer.poll();
            if (item == null) {
                break;
            }
            handle(item);
        }
        boolean backlogLeft = emitBacklogs();
        return buffer.isEmpty() && !backlogLeft ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!withoutOutput.isEmpty() || hasBacklog()) {
            return CompletableFuture.completedFuture(null);
        }
        return buffer.availability();
    }

    private boolean hasBacklog() {
        for (SplitContext split : splits.values()) {
            if (split.backlog != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands the next chunks of every open backlog downstream (at most {@link #MAX_CHUNKS_PER_POLL} in all), moving
     * each split's cursor past them; a drained backlog emits its held live trade and the watermark. Returns whether
     * a backlog is still open.
     */
    private boolean emitBacklogs() {
        int budget = MAX_CHUNKS_PER_POLL;
        boolean open = false;
        long now = nanoClock.getAsLong();
        for (SplitContext split : splits.values()) {
            GapBacklog backlog = split.backlog;
            if (backlog == null || split.output == null) {
                continue;
            }
            if (budget > 0) {
                int share = Math.max(1, budget / 2);
                List<Gap> chunks = backlog.next(share);
                for (Gap chunk : chunks) {
                    split.output.collect(chunk, backlog.last().time());
                    numRecordsIn.inc();
                    split.state.advanceTo(feed.predecessor(chunk.before()), Long.MIN_VALUE);
                }
                budget -= chunks.size();
                if (!chunks.isEmpty()) {
                    split.metrics.gapChunks(chunks.size());
                    split.metrics.cursor(feed.cursorCodec().toColumn(split.state.lastCursor()));
                }
            }
            split.progress.update(backlog.emittedIds(), backlog.totalIds(), now);
            if (backlog.drained()) {
                finishBacklog(split, now);
            } else {
                open = true;
                split.metrics.backfill(split.progress, backlog.remainingIds() >= BACKLOG_MIN_IDS || reportedBacklog);
                if (now - split.lastProgressLog >= PROGRESS_LOG_NANOS) {
                    split.lastProgressLog = now;
                    LOG.info(split.progress.line(feed.name() + " " + split.state.stream().symbol()));
                }
            }
        }
        reportBacklog();
        return open;
    }

    private void finishBacklog(SplitContext split, long now) {
        GapBacklog backlog = split.backlog;
        split.backlog = null;
        Trade last = backlog.last();
        if (backlog.emitLast()) {
            split.output.collect(last, last.time());
            numRecordsIn.inc();
            split.metrics.liveTrade(feed.cursorCodec().toColumn(last.cursor()));
        } else {
            split.metrics.cursor(feed.cursorCodec().toColumn(last.cursor()));
        }
        split.state.advanceTo(last.cursor(), last.time());
        emitWatermark(split, last.time() - 1);
        split.metrics.caughtUp();
        double seconds = split.progress.elapsedSeconds(now);
        if (seconds * 1_000_000_000L >= PROGRESS_LOG_NANOS) {
            LOG.info(String.format(java.util.Locale.ROOT, "[%s %s] backfill done: %,d ids in %.1f s (%,d ids/s); live",
                    feed.name(), split.state.stream().symbol(), backlog.totalIds(), seconds,
                    Math.round(backlog.totalIds() / Math.max(seconds, 1e-9))));
        }
        split.progress = null;
    }

    /**
     * Tells the enumerator when this reader enters a backlog (a stream with at least {@link #BACKLOG_MIN_IDS} ids to
     * go) and when it leaves it (every stream live again), so Flink can space checkpoints out meanwhile.
     */
    private void reportBacklog() {
        boolean backlog;
        if (reportedBacklog) {
            backlog = hasBacklog();
        } else {
            backlog = false;
            for (SplitContext split : splits.values()) {
                if (split.backlog != null && split.backlog.remainingIds() >= BACKLOG_MIN_IDS) {
                    backlog = true;
                    break;
                }
            }
        }
        if (backlog != reportedBacklog) {
            reportedBacklog = backlog;
            LOG.info("[{}] {}", name, backlog ? "catching up on a backlog; telling Flink (checkpoints spaced out)"
                    : "all streams caught up; backlog over");
            context.sendSourceEventToCoordinator(new ReaderBacklogEvent(backlog));
        }
    }

    @Override
    public List<StreamSplit> snapshotState(long checkpointId) {
        List<StreamSplit> out = new ArrayList<>(splits.size());
        for (SplitContext split : splits.values()) {
            out.add(split.state.toSplit());
        }
        return out;
    }

    @Override
    public void addSplits(List<StreamSplit> added) {
        boolean changed = false;
        for (StreamSplit split : added) {
            if (!configuredStreams.contains(split.stream())) {
                LOG.warn("[{}] dropping restored stream {}: it is no longer in --symbols (its position was {})",
                        name, split.stream(), split.lastCursor());
                continue;
            }
            LOG.info("[{}] reading {} after cursor {}", name, split.stream(), split.lastCursor());
            SplitContext ctx = new SplitContext(new StreamSplitState(split),
                    new StreamSourceMetrics(context.metricGroup(), split.splitId()));
            ctx.metrics.cursor(feed.cursorCodec().toColumn(split.lastCursor()));
            splits.put(split.splitId(), ctx);
            withoutOutput.add(ctx);
            if (probe != null) {
                probe.watch(split.stream());
            }
            changed = true;
        }
        if (changed && connection != null) {
            resubscribe();
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        // An unbounded source: the set of streams is fixed by the configuration.
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (history != null) {
            history.close();
        }
    }

    private void resubscribe() {
        List<String> symbols = splits.values().stream().map(s -> s.state.stream().symbol()).sorted().toList();
        connection.subscribe(symbols);
    }

    /** Gives every new split its own watermark output, then emits its start marker if it has one. */
    private void openNewSplitOutputs(ReaderOutput<io.candlestream.model.FeedEvent> output) {
        if (withoutOutput.isEmpty()) {
            return;
        }
        if (idle) {
            output.markActive();
            idle = false;
        }
        for (SplitContext split : withoutOutput) {
            split.output = output.createOutputForSplit(split.state.stream().toString());
            Long completeFrom = split.state.pendingStart();
            if (completeFrom != null) {
                split.output.collect(new StreamStart(split.state.stream(), completeFrom), completeFrom);
                numRecordsIn.inc();
                split.state.startEmitted();
            }
        }
        withoutOutput.clear();
    }

    private void handle(LiveItem item) {
        if (item instanceof LiveItem.Trades trades) {
            onTrades(trades.trades());
        } else if (item instanceof LiveItem.Probe probeResult) {
            onProbe(probeResult);
        } else if (item instanceof LiveItem.Malformed malformed) {
            onMalformed(malformed);
        } else if (item instanceof LiveItem.Connection connectionEvent) {
            onConnection(connectionEvent);
        } else if (item instanceof LiveItem.Overflow overflow) {
            LOG.warn("[{}] socket buffer of {} frames overflowed; the connection was dropped and what it misses "
                    + "will be backfilled", name, overflow.capacity());
        }
    }

    /** Emits a frame's trades, then moves the watermark of every stream the frame touched past its trades. */
    private void onTrades(List<Trade> trades) {
        SplitContext previous = null;
        for (Trade trade : trades) {
            SplitContext split = splits.get(trade.stream().toString());
            if (split == null) {
                continue; // a stream this reader does not own (e.g. just removed)
            }
            if (previous != null && previous != split) {
                afterLiveTrades(previous);
            }
            emitLive(split, trade);
            previous = split;
        }
        if (previous != null) {
            afterLiveTrades(previous);
        }
    }

    /** After live trades: the watermark moves to the last one's time − 1, unless a backlog is open (its trades are still to come). */
    private void afterLiveTrades(SplitContext split) {
        if (split.backlog == null && split.state.lastTradeTime() != Long.MIN_VALUE) {
            emitWatermark(split, split.state.lastTradeTime() - 1);
        }
        probe.liveActivity(split.state.stream());
    }

    /**
     * Emits a live trade; drops it if already emitted. A trade that does not follow the split's cursor opens a
     * backlog (the gap, emitted a few chunks at a time, then the trade); while a backlog is open the trade goes to it.
     */
    private void emitLive(SplitContext split, Trade trade) {
        StreamSplitState state = split.state;
        if (trade.cursor().isAtOrBefore(state.lastCursor())) {
            split.metrics.duplicateDropped();
            return;
        }
        if (split.backlog != null) {
            if (split.backlog.absorb(trade) == GapBacklog.Absorbed.DUPLICATE) {
                split.metrics.duplicateDropped();
            }
            return;
        }
        if (!feed.follows(state.lastCursor(), trade.cursor())) {
            openBacklog(split, new Gap(state.stream(), state.lastCursor(), trade.cursor()), trade, true);
            return;
        }
        split.output.collect(trade, trade.time());
        numRecordsIn.inc();
        state.advanceTo(trade.cursor(), trade.time());
        aheadSinceNanos.remove(state.stream());
        split.metrics.liveTrade(feed.cursorCodec().toColumn(trade.cursor()));
    }

    private void openBacklog(SplitContext split, Gap gap, Trade last, boolean emitLast) {
        split.backlog = new GapBacklog(feed, gap, last, emitLast);
        long now = nanoClock.getAsLong();
        split.progress = new io.candlestream.source.metrics.BackfillProgress(now);
        split.progress.update(0, split.backlog.totalIds(), now);
        split.lastProgressLog = now;
        split.metrics.gap();
        LOG.info("[{}] gap {}: {} id(s) to backfill", name, gap, split.backlog.totalIds());
    }

    private void emitWatermark(SplitContext split, long watermark) {
        if (split.state.raiseWatermark(watermark)) {
            split.output.emitWatermark(new Watermark(watermark));
            split.metrics.watermark(watermark);
        }
    }

    /**
     * A quiet stream's probe answer: if the exchange has nothing after our cursor, every later trade is later than
     * its clock, so the watermark may move there. If it has more and the socket has not delivered it for a while,
     * the socket missed it: backfill up to the exchange's newest trade and reconnect.
     */
    private void onProbe(LiveItem.Probe probeResult) {
        SplitContext split = splits.get(probeResult.stream().toString());
        if (split == null || split.output == null) {
            return;
        }
        StreamSplitState state = split.state;
        if (split.backlog != null) {
            return; // the exchange is ahead while catching up, of course; the backlog's end moves with live trades
        }
        Trade latest = probeResult.latest();
        if (latest == null || latest.cursor().isAtOrBefore(state.lastCursor())) {
            aheadSinceNanos.remove(state.stream());
            emitWatermark(split, probeResult.serverTime() - feed.publicationDelay().toMillis() - 1);
            return;
        }
        long now = System.nanoTime();
        long since = aheadSinceNanos.computeIfAbsent(state.stream(), s -> now);
        if (now - since < settings.staleAfter().toNanos()) {
            return;
        }
        aheadSinceNanos.remove(state.stream());
        LOG.warn("[{}] {} is stale: the exchange has trades up to {} ({}) that the socket did not deliver; "
                        + "backfilling them and reconnecting", name, state.stream(), latest.cursor(),
                Instant.ofEpochMilli(latest.time()));
        openBacklog(split, new Gap(state.stream(), state.lastCursor(), feed.successor(latest.cursor())), latest, false);
        connection.reconnect("stale feed for " + state.stream());
    }

    private void onMalformed(LiveItem.Malformed malformed) {
        SplitContext owner = null;
        String excerpt = malformed.error().excerpt();
        for (SplitContext split : splits.values()) {
            String symbol = split.state.stream().symbol();
            if (excerpt.contains("\"" + symbol + "\"") || excerpt.toLowerCase().contains(symbol.toLowerCase() + "@")) {
                owner = split;
                break;
            }
        }
        if (owner != null) {
            owner.metrics.malformedFrame();
        } else {
            splits.values().forEach(s -> s.metrics.malformedFrame());
        }
        LOG.warn("[{}] malformed frame{} skipped; its trades come back through the gap that follows: {}", name,
                owner == null ? "" : " of " + owner.state.stream(), malformed.error().getMessage());
    }

    private void onConnection(LiveItem.Connection event) {
        if (event.opened()) {
            if (everConnected) {
                splits.values().forEach(s -> s.metrics.reconnect());
            }
            everConnected = true;
            LOG.info("[{}] live connection open for {} stream(s)", name, splits.size());
        } else {
            LOG.info("[{}] live connection lost: {}", name, event.detail());
        }
    }

    /** A split with its state, its watermark output (once opened) and its metrics. */
    private static final class SplitContext {
        final StreamSplitState state;
        final StreamSourceMetrics metrics;
        SourceOutput<io.candlestream.model.FeedEvent> output;
        GapBacklog backlog;
        io.candlestream.source.metrics.BackfillProgress progress;
        long lastProgressLog;

        SplitContext(StreamSplitState state, StreamSourceMetrics metrics) {
            this.state = state;
            this.metrics = metrics;
        }
    }
}
