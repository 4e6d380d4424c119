package io.candlestream.backfill;

import io.candlestream.feed.HistoryListener;
import io.candlestream.model.StreamId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The backfill operator's metrics, one set per stream under {@code stream=<feed:SYMBOL>}. Also the history client's
 * {@link HistoryListener}, so requests, retries and rate limits are counted where they happen.
 *
 * <p>Updated from the task thread and from the client's I/O threads: counters are thread-safe, stream groups are
 * created once per stream under the map's lock.
 */
public final class BackfillMetrics implements HistoryListener {

    public static final String STREAM_GROUP = "stream";
    public static final String BACKFILLED_TRADES = "backfilledTrades";
    public static final String GAPS_BACKFILLED = "gapsBackfilled";
    public static final String REQUESTS_IN_FLIGHT = "backfillRequestsInFlight";
    public static final String RETRIES = "backfillRetries";
    public static final String RATE_LIMITED = "rateLimited";
    public static final String PAGES_REJECTED = "pagesRejected";

    /** The group of requests that belong to no stream (the server clock). */
    static final String NO_STREAM = "none";

    private final MetricGroup root;
    private final Map<String, StreamMetrics> streams = new ConcurrentHashMap<>();

    public BackfillMetrics(MetricGroup root) {
        this.root = root;
    }

    /** The metrics of one stream, registered on first use. */
    public StreamMetrics stream(StreamId stream) {
        String key = stream == null ? NO_STREAM : stream.toString();
        return streams.computeIfAbsent(key, id -> new StreamMetrics(root.addGroup(STREAM_GROUP, id)));
    }

    @Override
    public void requestStarted(StreamId stream) {
        stream(stream).requestsInFlight.incrementAndGet();
    }

    @Override
    public void requestFinished(StreamId stream) {
        stream(stream).requestsInFlight.decrementAndGet();
    }

    @Override
    public void retried(StreamId stream, String reason) {
        stream(stream).retries.inc();
    }

    @Override
    public void rateLimited(StreamId stream, String reason, Duration wait) {
        stream(stream).rateLimited.inc();
    }

    @Override
    public void pageRejected(StreamId stream, String reason) {
        stream(stream).pagesRejected.inc();
    }

    /** The metrics of one stream. */
    public static final class StreamMetrics {
        final Counter backfilledTrades;
        final Counter gapsBackfilled;
        final Counter retries;
        final Counter rateLimited;
        final Counter pagesRejected;
        final AtomicInteger requestsInFlight = new AtomicInteger();

        StreamMetrics(MetricGroup group) {
            backfilledTrades = group.counter(BACKFILLED_TRADES, new ThreadSafeSimpleCounter());
            gapsBackfilled = group.counter(GAPS_BACKFILLED, new ThreadSafeSimpleCounter());
            retries = group.counter(RETRIES, new ThreadSafeSimpleCounter());
            rateLimited = group.counter(RATE_LIMITED, new ThreadSafeSimpleCounter());
            pagesRejected = group.counter(PAGES_REJECTED, new ThreadSafeSimpleCounter());
            group.gauge(REQUESTS_IN_FLIGHT, (Gauge<Integer>) requestsInFlight::get);
        }

        /** A gap was filled with {@code trades} trades. */
        public void gapBackfilled(int trades) {
            gapsBackfilled.inc();
            backfilledTrades.inc(trades);
        }

        public long backfilledTrades() {
            return backfilledTrades.getCount();
        }

        public long gapsBackfilled() {
            return gapsBackfilled.getCount();
        }

        public long retries() {
            return retries.getCount();
        }

        public long rateLimited() {
            return rateLimited.getCount();
        }

        public long pagesRejected() {
            return pagesRejected.getCount();
        }

        public int requestsInFlight() {
            return requestsInFlight.get();
        }
    }
}
