package io.candlestream.source.reader;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * From a reader to the enumerator: whether the reader is catching up on a long backlog ({@code true}) or all of its
 * streams are live again ({@code false}); the enumerator tells Flink (FLIP-309) so checkpoints are spaced out.
 */
public record ReaderBacklogEvent(boolean backlog) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
