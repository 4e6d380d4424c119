package io.candlestream.feed;

import io.candlestream.model.StreamId;
import java.time.Duration;

/**
 * Observes a {@link HistoryClient}'s requests, so an operator can count them without the client knowing Flink.
 *
 * <p>Called from the client's I/O threads, possibly concurrently: implementations must be thread-safe and fast. The
 * stream is the one the request is for, or {@code null} for a request that belongs to no stream (server time).
 */
public interface HistoryListener {

    /** A listener that ignores everything. */
    HistoryListener NOOP = new HistoryListener() {};

    /** An HTTP request was sent. */
    default void requestStarted(StreamId stream) {}

    /** An HTTP request that was started has an answer or failed; paired with {@link #requestStarted}. */
    default void requestFinished(StreamId stream) {}

    /** A request failed transiently (5xx, timeout, I/O error, rejected page) and will be sent again. */
    default void retried(StreamId stream, String reason) {}

    /**
     * The history API said to slow down ({@code reason}, e.g. {@code "HTTP 429"} or a rate-limit error inside a 200);
     * every request to its host waits {@code wait} (the server's {@code Retry-After}, before jitter).
     */
    default void rateLimited(StreamId stream, String reason, Duration wait) {}

    /** A page failed its checks (wrong first id, hole, empty, malformed) and was not accepted. */
    default void pageRejected(StreamId stream, String reason) {}
}
