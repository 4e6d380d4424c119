package io.candlestream.source.reader;

import io.candlestream.model.FeedEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** A reader output that records, in order, every event and watermark with the split it came from. */
final class RecordingReaderOutput implements ReaderOutput<FeedEvent> {

    /** One thing the reader emitted: an event or a watermark, per split ({@code null}: the main output). */
    record Emitted(String split, FeedEvent event, Long watermark) {}

    final List<Emitted> emitted = new ArrayList<>();
    final List<String> openedSplits = new ArrayList<>();
    boolean idle;

    @Override
    public void collect(FeedEvent record) {
        emitted.add(new Emitted(null, record, null));
    }

    @Override
    public void collect(FeedEvent record, long timestamp) {
        collect(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        emitted.add(new Emitted(null, null, watermark.getTimestamp()));
    }

    @Override
    public void markIdle() {
        idle = true;
    }

    @Override
    public void markActive() {
        idle = false;
    }

    @Override
    public SourceOutput<FeedEvent> createOutputForSplit(String splitId) {
        openedSplits.add(splitId);
        return new SourceOutput<>() {
            @Override
            public void collect(FeedEvent record) {
                emitted.add(new Emitted(splitId, record, null));
            }

            @Override
            public void collect(FeedEvent record, long timestamp) {
                collect(record);
            }

            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(new Emitted(splitId, null, watermark.getTimestamp()));
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}

    /** Polls {@code reader} into this output until {@code done} holds; fails at {@code timeout}. */
    void pollUntil(LiveFeedSourceReader reader, java.time.Duration timeout,
            java.util.function.Predicate<RecordingReaderOutput> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            org.assertj.core.api.Assertions.assertThat(System.nanoTime())
                    .as("reader made progress before the deadline").isLessThan(deadline);
            if (reader.pollNext(this) == org.apache.flink.core.io.InputStatus.NOTHING_AVAILABLE) {
                try {
                    reader.isAvailable().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // poll again
                }
            }
        }
    }
}
