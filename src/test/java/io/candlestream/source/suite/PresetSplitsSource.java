package io.candlestream.source.suite;

import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.StreamId;
import io.candlestream.source.LiveFeedSource;
import io.candlestream.source.enumerator.EnumeratorState;
import io.candlestream.source.split.StreamSplit;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * {@link LiveFeedSource} unchanged, except that a job without state starts from the given splits, as if the enumerator
 * had been restored with them unassigned; a job restored from a checkpoint or savepoint uses its state as usual.
 *
 * <p>The suite's streams begin at trade 1, so their splits start after trade 0 with the stream start already emitted:
 * the {@code StreamStart} marker is the pipeline's note about candle completeness, not a record of the external
 * system, and with it out of the way the source's output is exactly the trades the suite wrote.
 */
final class PresetSplitsSource implements Source<FeedEvent, StreamSplit, EnumeratorState> {

    private final LiveFeedSource source;
    private final List<StreamId> streams;
    private final Cursor after;

    /** Starts every one of {@code streams} after {@code after}, with no stream start left to emit. */
    PresetSplitsSource(LiveFeedSource source, List<StreamId> streams, Cursor after) {
        this.source = source;
        this.streams = List.copyOf(streams);
        this.after = after;
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SplitEnumerator<StreamSplit, EnumeratorState> createEnumerator(
            SplitEnumeratorContext<StreamSplit> context) {
        List<StreamSplit> initialSplits = streams.stream().map(s -> new StreamSplit(s, after, null)).toList();
        return source.restoreEnumerator(context, new EnumeratorState(Set.of(), initialSplits));
    }

    @Override
    public SplitEnumerator<StreamSplit, EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<StreamSplit> context, EnumeratorState checkpoint) {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<StreamSplit> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<FeedEvent, StreamSplit> createReader(SourceReaderContext readerContext) throws Exception {
        return source.createReader(readerContext);
    }
}
