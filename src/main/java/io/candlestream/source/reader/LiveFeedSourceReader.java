package io.candlestream.source.reader;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.Cursor;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.source.metrics.ChainMetrics;
import io.candlestream.source.metrics.ProbeMetrics;
import io.candlestream.source.metrics.StreamSourceMetrics;
import io.candlestream.source.split.StreamSplit;
import io.candlestream.source.split.StreamSplitState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the live trades of its splits from one WebSocket connection and routes what the connection and the quiet
 * probe report to each split's {@link StreamSplitEmitter}, which emits in cursor order with the gaps and watermarks.
 * This class keeps the {@link SourceReader} contract: splits, snapshots, availability, backlog reports (FLIP-309),
 * Flink's standard {@code numRecordsInErrors} and {@code pendingRecords}, and failing the task when the feed cannot
 * go on.
 *
 * <p>All split state, outputs and metrics are confined to the task's mailbox thread (the methods of this class). The
 * connection and probe threads only fill the {@link LiveBuffer}. Every split gets its own watermark output the moment
 * it is added, before anything is emitted, so a split that has not caught up holds the reader's watermark back.
 */
public final class LiveFeedSourceReader implements SourceReader<FeedEvent, StreamSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedSourceReader.class);
    private static final int MAX_ITEMS_PER_POLL = 64;

    /**
     * Gap chunks emitted per poll at most. The backfill operator's queue (--backfill-capacity) pushes back on the
     * emission; this only keeps one poll short, so checkpoints and live frames get their turn.
     */
    static final int MAX_CHUNKS_PER_POLL = 16;

    /** A stream with at least this many units (ids, blocks) to backfill puts the reader in backlog (FLIP-309). */
    static final long BACKLOG_MIN_IDS = 10_000;

    /** Progress of a backfill is logged this often, from this long after it began. */
    static final long PROGRESS_LOG_NANOS = 5_000_000_000L;

    /** Errors the feed may report for one stream (e.g. refused subscriptions) before the reader fails. */
    static final int MAX_STREAM_ERRORS = 5;

    private final SourceReaderContext context;
    private final FeedAdapter feed;
    private final Set<StreamId> configuredStreams;
    private final LiveSourceSettings settings;
    private final HistorySettings historySettings;
    private final LiveBuffer buffer;
    private final Map<String, StreamSplitEmitter> splits = new LinkedHashMap<>();
    private final List<StreamSplitEmitter> withoutOutput = new ArrayList<>();
    private final String name;
    // Flink's standard source metrics (FLIP-33); SourceReaderBase counts them for its readers, this reader must itself.
    private final Counter numRecordsIn;
    private final Counter numRecordsInErrors;
    private volatile long pendingUnits;
    private FeedConnection connection;
    private HistoryClient history;
    private QuietProbe probe;
    private boolean idle;
    private boolean everConnected;
    private boolean reportedBacklog;
    private ChainMetrics chainMetrics;

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
        this.numRecordsInErrors = context.metricGroup().getNumRecordsInErrorsCounter();
        context.metricGroup().setPendingRecordsGauge(() -> pendingUnits);
    }

    @Override
    public void start() {
        connection = new FeedConnection(feed, settings, buffer, name);
        history = feed.newHistoryClient(historySettings);
        probe = new QuietProbe(history, feed.publicationDelay(), buffer, settings.quietProbeInterval(),
                Math.max(1, context.currentParallelism()), name);
        QuietProbe counted = probe;
        var spend = history.probeSpend();
        ProbeMetrics.register(context.metricGroup(), new ProbeMetrics.Sources(counted::rounds,
                counted::failedRounds, counted::timedOutRounds, counted::unansweredStreams, counted::spacingMillis,
                counted::lastQuietStreams, () -> spend.map(s -> s.requests()).orElse(-1L),
                () -> spend.map(s -> s.weight()).orElse(-1L)));
        for (StreamSplitEmitter split : splits.values()) {
            probe.watch(split.state().stream());
        }
        resubscribe();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<FeedEvent> output) throws LiveFeedException {
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
        return splits.values().stream().anyMatch(StreamSplitEmitter::backlogOpen);
    }

    /**
     * Lets every split with an open backlog hand its next chunks downstream (at most {@link #MAX_CHUNKS_PER_POLL} in
     * all), then updates the pending-records total and the backlog report. Returns whether a backlog is still open.
     */
    private boolean emitBacklogs() {
        int budget = MAX_CHUNKS_PER_POLL;
        boolean open = false;
        long pending = 0;
        long now = System.nanoTime();
        for (StreamSplitEmitter split : splits.values()) {
            if (!split.backlogOpen()) {
                continue;
            }
            int share = budget > 0 ? Math.max(1, budget / 2) : 0;
            budget -= split.emitBacklog(share, now, PROGRESS_LOG_NANOS, reportedBacklog, BACKLOG_MIN_IDS);
            open |= split.backlogOpen();
            pending += split.pendingUnits();
        }
        pendingUnits = pending;
        reportBacklog();
        return open;
    }

    /**
     * Tells the enumerator when this reader enters a backlog (a stream with at least {@link #BACKLOG_MIN_IDS} units to
     * go) and when it leaves it (every stream live again), so Flink can space checkpoints out meanwhile.
     */
    private void reportBacklog() {
        boolean backlog = reportedBacklog ? hasBacklog()
                : splits.values().stream().anyMatch(s -> s.backlogAtLeast(BACKLOG_MIN_IDS));
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
        for (StreamSplitEmitter split : splits.values()) {
            out.add(split.state().toSplit());
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
            StreamSplitEmitter emitter = new StreamSplitEmitter(feed, new StreamSplitState(split),
                    new StreamSourceMetrics(context.metricGroup(), split.splitId()), numRecordsIn, name);
            splits.put(split.splitId(), emitter);
            withoutOutput.add(emitter);
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
        List<String> symbols = splits.values().stream().map(s -> s.state().stream().symbol()).sorted().toList();
        connection.subscribe(symbols);
    }

    /** Gives every new split its own watermark output (its emitter emits the start marker, if it has one). */
    private void openNewSplitOutputs(ReaderOutput<FeedEvent> output) {
        if (withoutOutput.isEmpty()) {
            return;
        }
        if (idle) {
            output.markActive();
            idle = false;
        }
        for (StreamSplitEmitter split : withoutOutput) {
            split.open(output.createOutputForSplit(split.state().stream().toString()));
        }
        withoutOutput.clear();
    }

    private StreamSplitEmitter emitter(StreamId stream) {
        StreamSplitEmitter split = stream == null ? null : splits.get(stream.toString());
        return split != null && split.hasOutput() ? split : null;
    }

    private void handle(LiveItem item) throws LiveFeedException {
        if (item instanceof LiveItem.Trades trades) {
            onTrades(trades);
        } else if (item instanceof LiveItem.SafeTime safe) {
            StreamSplitEmitter split = emitter(safe.stream());
            if (split != null) {
                split.onSafeTime(safe.connection(), safe.epochMillis());
            }
        } else if (item instanceof LiveItem.Head head) {
            onHead(head);
        } else if (item instanceof LiveItem.Covers covers) {
            onCovers(covers);
        } else if (item instanceof LiveItem.Chain chain) {
            if (chain.isReorg()) {
                onReorg(chain);
            } else {
                chainMetrics().head(chain.headBlock(), chain.confirmedBlock());
            }
        } else if (item instanceof LiveItem.Probe answer) {
            StreamSplitEmitter split = emitter(answer.probe().stream());
            if (split != null && split.onProbe(answer.probe(), settings.staleAfter().toNanos(), System.nanoTime())) {
                connection.reconnect("stale feed for " + answer.probe().stream());
            }
        } else if (item instanceof LiveItem.Malformed malformed) {
            onMalformed(malformed);
        } else if (item instanceof LiveItem.StreamError error) {
            onStreamError(error);
        } else if (item instanceof LiveItem.Connection connectionEvent) {
            onConnection(connectionEvent);
        } else if (item instanceof LiveItem.Overflow overflow) {
            LOG.warn("[{}] socket buffer of {} frames overflowed; the connection was dropped and what it misses "
                    + "will be backfilled", name, overflow.capacity());
            splits.values().forEach(StreamSplitEmitter::overflowed);
        } else if (item instanceof LiveItem.Failed failed) {
            throw failed.error();
        }
    }

    /** Routes a frame's trades, then lets every split the frame touched move its watermark past them. */
    private void onTrades(LiveItem.Trades frame) {
        StreamSplitEmitter previous = null;
        for (Trade trade : frame.trades()) {
            StreamSplitEmitter split = emitter(trade.stream());
            if (split == null) {
                continue; // a stream this reader does not own (e.g. just removed)
            }
            if (previous != null && previous != split) {
                afterLive(previous);
            }
            split.onLive(frame.connection(), trade);
            previous = split;
        }
        if (previous != null) {
            afterLive(previous);
        }
    }

    private void afterLive(StreamSplitEmitter split) {
        split.afterLive();
        probe.liveActivity(split.state().stream());
    }

    private void onHead(LiveItem.Head head) {
        if (head.stream() == null) {
            splits.values().stream().filter(StreamSplitEmitter::hasOutput)
                    .forEach(s -> s.onHead(head.connection(), head.newest()));
        } else {
            StreamSplitEmitter split = emitter(head.stream());
            if (split != null) {
                split.onHead(head.connection(), head.newest());
            }
        }
    }

    private void onCovers(LiveItem.Covers covers) {
        if (covers.stream() == null) {
            splits.values().forEach(s -> s.onCovers(covers.connection(), covers.position()));
        } else {
            StreamSplitEmitter split = emitter(covers.stream());
            if (split != null) {
                split.onCovers(covers.connection(), covers.position());
            }
        }
    }

    /**
     * Counts a reorganisation; one that replaced blocks already handed downstream leaves a {@code DEEP_REORG} dead
     * letter per stream, so the blocks to repair are in the table, not only in the log.
     */
    private void onReorg(LiveItem.Chain reorg) {
        int depth = (int) (reorg.reorgTo() - reorg.reorgFrom() + 1);
        chainMetrics().reorg(depth, reorg.droppedLogs(), reorg.deepReorg());
        if (reorg.deepReorg()) {
            long now = System.currentTimeMillis();
            String blocks = "blocks " + reorg.reorgFrom() + ".." + reorg.reorgTo();
            splits.values().stream().filter(StreamSplitEmitter::hasOutput).forEach(s -> s.deadLetter(new DeadLetter(
                    s.state().stream(), DeadLetter.Kind.DEEP_REORG, blocks, "a reorganisation deeper than the "
                    + "confirmation depth replaced " + blocks + " after they were written; run a repair for them",
                    now, new Cursor(reorg.reorgFrom(), 0), null)));
        }
    }

    /** The chain metrics, registered when a chain session first reports. */
    private ChainMetrics chainMetrics() {
        if (chainMetrics == null) {
            chainMetrics = new ChainMetrics(context.metricGroup());
        }
        return chainMetrics;
    }

    /**
     * Counts a malformed frame (the stream's {@code malformedFrames}, or every stream's when the session could not
     * tell, and Flink's {@code numRecordsInErrors}) and hands a {@link DeadLetter} downstream through the named
     * stream's emitter, or an unattributed one ({@code feed:*}) through the first split's.
     */
    private void onMalformed(LiveItem.Malformed malformed) {
        numRecordsInErrors.inc();
        StreamSplitEmitter owner = emitter(malformed.stream());
        if (owner != null) {
            owner.malformed();
        } else {
            splits.values().forEach(StreamSplitEmitter::malformed);
        }
        LOG.warn("[{}] malformed frame{} skipped; its trades come back through the gap that follows: {}", name,
                owner == null ? "" : " of " + owner.state().stream(), malformed.error().getMessage());
        StreamSplitEmitter carrier = owner != null ? owner
                : splits.values().stream().filter(StreamSplitEmitter::hasOutput).findFirst().orElse(null);
        if (carrier != null) {
            long now = System.currentTimeMillis();
            carrier.deadLetter(owner != null
                    ? new DeadLetter(owner.state().stream(), DeadLetter.Kind.MALFORMED_FRAME,
                            malformed.error().excerpt(), malformed.error().getMessage(), now, null, null)
                    : DeadLetter.unattributed(feed.name(), DeadLetter.Kind.MALFORMED_FRAME,
                            malformed.error().excerpt(), malformed.error().getMessage(), now));
        }
    }

    private void onStreamError(LiveItem.StreamError error) throws LiveFeedException {
        StreamSplitEmitter split = splits.get(error.stream().toString());
        if (split == null) {
            LOG.warn("[{}] the feed reported an error for {}, a stream this reader does not read: {}", name,
                    error.stream(), error.message());
            return;
        }
        int count = split.streamError();
        if (split.hasOutput()) {
            // What the feed refused is kept where a user looks for rejected input, not only in the log.
            split.deadLetter(new DeadLetter(error.stream(), DeadLetter.Kind.REJECTED_SUBSCRIPTION, error.message(),
                    "the feed reported an error for the stream (" + count + " of at most " + MAX_STREAM_ERRORS
                            + " before the task fails)", System.currentTimeMillis(), null, null));
        }
        LOG.warn("[{}] the feed reported error {} of at most {} for {}: {}", name, count, MAX_STREAM_ERRORS,
                error.stream(), error.message());
        if (count >= MAX_STREAM_ERRORS) {
            throw new LiveFeedException("the feed reported " + count + " errors for " + error.stream()
                    + " (last: " + error.message() + "); check that the symbol exists on the feed (--symbols) and "
                    + "that --ws-url is the feed's WebSocket endpoint");
        }
    }

    private void onConnection(LiveItem.Connection event) {
        if (event.opened()) {
            if (everConnected) {
                splits.values().forEach(s -> s.metrics().reconnect());
            }
            everConnected = true;
            LOG.info("[{}] live connection open for {} stream(s)", name, splits.size());
        } else {
            LOG.info("[{}] live connection lost: {}", name, event.detail());
            splits.values().forEach(s -> s.onConnectionLost(event.connection()));
        }
    }
}
