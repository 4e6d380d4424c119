package io.candlestream.audit;

import io.candlestream.feed.HistoryListener;
import io.candlestream.model.StreamId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link HistoryListener} that counts the history requests sent per stream and passes every call on to a delegate
 * (the operator's metrics), so the audit can say how many requests a gap took.
 *
 * <p>Called from the client's I/O threads: the counters are atomic and created once per stream.
 */
public final class StreamRequestCounter implements HistoryListener {

    private final HistoryListener delegate;
    private final Map<StreamId, AtomicLong> started = new ConcurrentHashMap<>();

    public StreamRequestCounter(HistoryListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Requests sent for {@code stream} so far (every attempt, retries and re-sends after a rate limit included). */
    public long started(StreamId stream) {
        AtomicLong count = started.get(stream);
        return count == null ? 0 : count.get();
    }

    @Override
    public void requestStarted(StreamId stream) {
        if (stream != null) {
            started.computeIfAbsent(stream, s -> new AtomicLong()).incrementAndGet();
        }
        delegate.requestStarted(stream);
    }

    @Override
    public void requestFinished(StreamId stream) {
        delegate.requestFinished(stream);
    }

    @Override
    public void retried(StreamId stream, String reason) {
        delegate.retried(stream, reason);
    }

    @Override
    public void rateLimited(StreamId stream, String reason, Duration wait) {
        delegate.rateLimited(stream, reason, wait);
    }

    @Override
    public void pageRejected(StreamId stream, String reason) {
        delegate.pageRejected(stream, reason);
    }
}
