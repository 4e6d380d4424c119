package io.candlestream.model;

import java.util.Objects;

/**
 * Marks the first event of a stream that started without state: every trade from {@code completeFrom} (epoch
 * milliseconds, inclusive) on will be delivered, none before. A candle bucket that begins before it would be partial
 * and is never written.
 */
public record StreamStart(StreamId stream, long completeFrom) implements FeedEvent {

    public StreamStart {
        Objects.requireNonNull(stream, "stream");
    }
}
