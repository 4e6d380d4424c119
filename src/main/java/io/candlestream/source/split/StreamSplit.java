package io.candlestream.source.split;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One stream of the live source, with its position: the unit Flink checkpoints, assigns and redistributes.
 *
 * @param stream the stream (feed and symbol); its {@code toString()} is the split id
 * @param lastCursor inclusive: every trade at or before it has been handed downstream or is not wanted; the next
 *     trade handed downstream is the first one after it
 * @param completeFrom epoch millis from which the stream is complete, while its {@code StreamStart} is still to be
 *     emitted; {@code null} once it was
 */
public record StreamSplit(StreamId stream, Cursor lastCursor, Long completeFrom) implements SourceSplit {

    public StreamSplit {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lastCursor, "lastCursor");
    }

    @Override
    public String splitId() {
        return stream.toString();
    }
}
