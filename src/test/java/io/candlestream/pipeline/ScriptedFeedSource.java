package io.candlestream.pipeline;

import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A bounded test source that emits a fixed script of feed events and source watermarks, in order, from one split
 * (run it at parallelism 1). Splits and enumerator are {@link NumberSequenceSource}'s: step i of the script is number i.
 */
final class ScriptedFeedSource implements Source<FeedEvent, NumberSequenceSplit, Collection<NumberSequenceSplit>> {

    private static final long serialVersionUID = 1L;

    /** Each step is an event (serialized, because records are not {@code Serializable}) or a watermark. */
    private final List<byte[]> events = new ArrayList<>();
    private final List<Long> watermarks = new ArrayList<>();

    /** Appends an event to the script. */
    ScriptedFeedSource event(FeedEvent event) {
        DataOutputSerializer out = new DataOutputSerializer(64);
        try {
            new FeedEventSerializer().serialize(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.add(out.getCopyOfBuffer());
        watermarks.add(null);
        return this;
    }

    /** Appends a source watermark at {@code timestamp} to the script. */
    ScriptedFeedSource watermark(long timestamp) {
        events.add(null);
        watermarks.add(timestamp);
        return this;
    }

    private NumberSequenceSource sequence() {
        return new NumberSequenceSource(0, events.size() - 1);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context) {
        return sequence().createEnumerator(context);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint) {
        return sequence().restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
        return sequence().getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
        return sequence().getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<FeedEvent, NumberSequenceSplit> createReader(SourceReaderContext context) {
        return new Reader(context);
    }

    /** Emits the steps of the splits it is given, one per poll. */
    private final class Reader implements SourceReader<FeedEvent, NumberSequenceSplit> {
        private final SourceReaderContext context;
        private final List<NumberSequenceSplit> splits = new ArrayList<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private long next;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            context.sendSplitRequest();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<FeedEvent> output) throws IOException {
            if (splits.isEmpty()) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            NumberSequenceSplit split = splits.get(0);
            int step = (int) next;
            if (watermarks.get(step) != null) {
                output.emitWatermark(new Watermark(watermarks.get(step)));
            } else {
                FeedEvent event = new FeedEventSerializer().deserialize(new DataInputDeserializer(events.get(step)));
                output.collect(event);
            }
            next++;
            if (next > split.to()) {
                splits.remove(0);
                if (!splits.isEmpty()) {
                    next = splits.get(0).from();
                } else {
                    context.sendSplitRequest();
                }
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<NumberSequenceSplit> snapshotState(long checkpointId) {
            List<NumberSequenceSplit> state = new ArrayList<>();
            for (int i = 0; i < splits.size(); i++) {
                NumberSequenceSplit split = splits.get(i);
                state.add(i == 0 ? new NumberSequenceSplit(split.splitId(), next, split.to()) : split);
            }
            return state;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (!splits.isEmpty() || noMoreSplits) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }

        @Override
        public void addSplits(List<NumberSequenceSplit> added) {
            if (splits.isEmpty() && !added.isEmpty()) {
                next = added.get(0).from();
            }
            splits.addAll(added);
            signal();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            signal();
        }

        private void signal() {
            available.complete(null);
        }

        @Override
        public void close() {}
    }
}
