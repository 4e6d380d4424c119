package io.candlestream.source.reader;

/**
 * The live source cannot go on with its feed (the WebSocket does not open, or the feed keeps refusing a stream);
 * thrown from {@code pollNext} so Flink restarts the task by its restart strategy and shows the message in the web UI.
 * The message names the endpoint ({@code scheme://host:port} only) or the stream, and what to check.
 */
public final class LiveFeedException extends Exception {

    private static final long serialVersionUID = 1L;

    public LiveFeedException(String message) {
        super(message);
    }
}
