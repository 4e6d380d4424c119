package io.candlestream.source;

import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.resume.ResumeLookup;
import io.candlestream.source.enumerator.EnumeratorState;
import io.candlestream.source.enumerator.EnumeratorStateSerializer;
import io.candlestream.source.enumerator.StreamSplitEnumerator;
import io.candlestream.source.reader.LiveFeedSourceReader;
import io.candlestream.source.reader.LiveSourceSettings;
import io.candlestream.source.split.StreamSplit;
import io.candlestream.source.split.StreamSplitSerializer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.NoWatermarksGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The FLIP-27 source of live trades: one split per stream (feed + symbol), whose checkpointed state is the cursor of
 * the last trade handed downstream. It emits trades, the gaps it finds, and per-stream watermarks of its own making
 * (see {@link #watermarkStrategy()}).
 */
public final class LiveFeedSource implements Source<FeedEvent, StreamSplit, EnumeratorState> {

    private final FeedAdapter feed;
    private final List<StreamId> streams;
    private final StartPosition startFrom;
    private final LiveSourceSettings liveSettings;
    private final HistorySettings historySettings;
    private final ResumeLookup resume;

    public LiveFeedSource(FeedAdapter feed, List<StreamId> streams, StartPosition startFrom,
            LiveSourceSettings liveSettings, HistorySettings historySettings) {
        this(feed, streams, startFrom, liveSettings, historySettings, null);
    }

    /** @param resume reads the candles table for {@code --start-from db}; required for that start position */
    public LiveFeedSource(FeedAdapter feed, List<StreamId> streams, StartPosition startFrom,
            LiveSourceSettings liveSettings, HistorySettings historySettings, ResumeLookup resume) {
        this.resume = resume;
        if (startFrom != null && startFrom.kind() == StartPosition.Kind.DB && resume == null) {
            throw new IllegalArgumentException("--start-from db needs a resume lookup (the candles table)");
        }
        this.feed = Objects.requireNonNull(feed, "feed");
        this.streams = List.copyOf(streams);
        this.startFrom = Objects.requireNonNull(startFrom, "startFrom");
        this.liveSettings = Objects.requireNonNull(liveSettings, "liveSettings");
        this.historySettings = Objects.requireNonNull(historySettings, "historySettings");
        if (this.streams.isEmpty()) {
            throw new IllegalArgumentException("streams must not be empty");
        }
    }

    /**
     * The strategy to add this source with: records carry their trade time, and the only watermarks are the ones the
     * reader emits per split (after a live trade, or when a probe confirmed a quiet stream), never a generator's guess.
     */
    public static WatermarkStrategy<FeedEvent> watermarkStrategy() {
        return WatermarkStrategy.<FeedEvent>forGenerator(ctx -> new NoWatermarksGenerator<>())
                .withTimestampAssigner((event, recordTimestamp) ->
                        event instanceof Trade trade ? trade.time() : recordTimestamp);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<StreamSplit, EnumeratorState> createEnumerator(
            SplitEnumeratorContext<StreamSplit> context) {
        return restoreEnumerator(context, EnumeratorState.empty());
    }

    @Override
    public SplitEnumerator<StreamSplit, EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<StreamSplit> context, EnumeratorState checkpoint) {
        return new StreamSplitEnumerator(context, streams, startFrom, feed, historySettings, resume, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<StreamSplit> getSplitSerializer() {
        return StreamSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer();
    }

    @Override
    public SourceReader<FeedEvent, StreamSplit> createReader(SourceReaderContext readerContext) {
        return new LiveFeedSourceReader(readerContext, feed, new LinkedHashSet<>(streams), liveSettings,
                historySettings);
    }
}
