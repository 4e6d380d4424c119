package io.candlestream.source.enumerator;

import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.StreamId;
import io.candlestream.resume.ResumeLookup;
import io.candlestream.source.split.StreamSplit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.candlestream.source.reader.ReaderBacklogEvent;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates one split per configured stream that no reader has yet (start position resolved off the coordinator
 * thread) and assigns it to its owner reader. Streams already assigned keep their position in the readers' state.
 */
public final class StreamSplitEnumerator implements SplitEnumerator<StreamSplit, EnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSplitEnumerator.class);

    private final SplitEnumeratorContext<StreamSplit> context;
    private final List<StreamId> streams;
    private final StartPosition startFrom;
    private final FeedAdapter feed;
    private final HistorySettings historySettings;
    private final ResumeLookup resume;
    private final Set<StreamId> assigned;
    private final List<StreamSplit> unassigned;
    private HistoryClient history;
    private final Set<Integer> readersInBacklog = new java.util.TreeSet<>();
    private boolean processingBacklog;

    public StreamSplitEnumerator(
            SplitEnumeratorContext<StreamSplit> context,
            List<StreamId> streams,
            StartPosition startFrom,
            FeedAdapter feed,
            HistorySettings historySettings,
            EnumeratorState restored) {
        this(context, streams, startFrom, feed, historySettings, null, restored);
    }

    /** @param resume reads the candles table for {@code --start-from db}; may be null when no other start uses it */
    public StreamSplitEnumerator(
            SplitEnumeratorContext<StreamSplit> context,
            List<StreamId> streams,
            StartPosition startFrom,
            FeedAdapter feed,
            HistorySettings historySettings,
            ResumeLookup resume,
            EnumeratorState restored) {
        this.resume = resume;
        this.context = context;
        this.streams = List.copyOf(streams);
        this.startFrom = startFrom;
        this.feed = feed;
        this.historySettings = historySettings;
        this.assigned = new LinkedHashSet<>(restored.assigned());
        this.unassigned = new ArrayList<>(restored.unassigned());
    }

    @Override
    public void start() {
        List<StreamId> toResolve = new ArrayList<>();
        for (StreamId stream : streams) {
            boolean known = assigned.contains(stream)
                    || unassigned.stream().anyMatch(split -> split.stream().equals(stream));
            if (!known) {
                toResolve.add(stream);
            }
        }
        if (toResolve.isEmpty()) {
            return;
        }
        history = feed.newHistoryClient(historySettings);
        StartPositionResolver resolver = new StartPositionResolver(feed, history, resume);
        for (StreamId stream : toResolve) {
            context.callAsync(() -> resolver.resolve(stream, startFrom), (split, error) -> {
                if (error != null) {
                    // A position the exchange no longer serves is non-recoverable (see the exception's annotation):
                    // the job fails once with its message instead of restarting and failing again.
                    throw new FlinkRuntimeException("[" + stream + "] cannot resolve --start-from " + startFrom
                            + ": " + error.getMessage(), error);
                }
                unassigned.add(split);
                assignPending();
            });
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed to their owners; readers never ask.
    }

    @Override
    public void addSplitsBack(List<StreamSplit> splits, int subtaskId) {
        LOG.info("Reader {} failed before a checkpoint; taking back {}", subtaskId, splits);
        for (StreamSplit split : splits) {
            assigned.remove(split.stream());
            unassigned.add(split);
        }
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        readersInBacklog.remove(subtaskId); // a (re)started reader reports its backlog anew
        updateBacklog();
        assignPending();
    }

    /**
     * A reader entered or left a backlog ({@link ReaderBacklogEvent}). While any reader catches up, Flink is told the
     * source processes a backlog (FLIP-309), so it checkpoints at {@code execution.checkpointing.interval-during-backlog}.
     */
    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof ReaderBacklogEvent backlog) {
            if (backlog.backlog()) {
                readersInBacklog.add(subtaskId);
            } else {
                readersInBacklog.remove(subtaskId);
            }
            updateBacklog();
        }
    }

    private void updateBacklog() {
        boolean backlog = !readersInBacklog.isEmpty();
        if (backlog != processingBacklog) {
            processingBacklog = backlog;
            LOG.info("Source {} a backlog (readers catching up: {})", backlog ? "is processing" : "is done with",
                    readersInBacklog);
            context.setIsProcessingBacklog(backlog);
        }
    }

    @Override
    public EnumeratorState snapshotState(long checkpointId) {
        return new EnumeratorState(assigned, unassigned);
    }

    @Override
    public void close() {
        if (history != null) {
            history.close();
        }
    }

    /** The reader that owns a stream: a stable hash, so a stream goes back to the same reader after a failure. */
    static int owner(StreamId stream, int parallelism) {
        return Math.floorMod(stream.toString().hashCode(), parallelism);
    }

    private void assignPending() {
        int parallelism = context.currentParallelism();
        Iterator<StreamSplit> it = unassigned.iterator();
        while (it.hasNext()) {
            StreamSplit split = it.next();
            int owner = owner(split.stream(), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                LOG.info("Assigning {} to reader {}", split, owner);
                context.assignSplit(split, owner);
                assigned.add(split.stream());
                it.remove();
            }
        }
    }
}
