package io.candlestream.backfill;

import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Turns every {@link Gap} into the historical trades it stands for and passes trades and stream starts straight
 * through. Runs in an ordered {@code AsyncWaitOperator}, so results leave in input order and watermarks stay behind
 * the backfilled trades that precede them.
 *
 * <p>Retries, pacing and page checks live in the feed's {@link HistoryClient}; this function owns only the overall
 * timeout, which fails the task (Flink restores from the checkpoint, and the gaps in flight, kept in the operator's
 * state, are requested again). Note that the operator stamps every backfilled trade with the gap's timestamp; a later
 * operator puts trades back on their own time.
 */
public final class BackfillFunction extends RichAsyncFunction<FeedEvent, FeedEvent> {

    private static final long serialVersionUID = 1L;

    /** The operator's stable uid. */
    public static final String UID = "backfill";

    /** The operator's name in the web UI. */
    public static final String NAME = "Backfill gaps (async REST)";

    private final FeedAdapter feed;
    private final HistorySettings settings;
    private final Duration timeout;

    private transient HistoryClient client;
    private transient BackfillMetrics metrics;

    /**
     * @param timeout the operator's timeout for one gap, the same as given to the operator; only used to name it in the
     *     failure
     */
    public BackfillFunction(FeedAdapter feed, HistorySettings settings, Duration timeout) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * Adds the backfill operator after {@code events}: ordered mode (unordered would let records pass each other and
     * break per-stream cursor order), no Flink retry strategy (the client retries with jitter), uid {@value #UID}.
     *
     * @param timeout the longest one gap may take, all retries included, before the task fails
     * @param capacity elements in flight, live trades queued behind a gap included
     */
    public static SingleOutputStreamOperator<FeedEvent> apply(DataStream<FeedEvent> events, FeedAdapter feed,
            HistorySettings settings, Duration timeout, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return AsyncDataStream.orderedWait(events, new BackfillFunction(feed, settings, timeout), timeout.toMillis(),
                        TimeUnit.MILLISECONDS, capacity)
                .returns(FeedEventTypeInfo.INSTANCE)
                .uid(UID)
                .name(NAME);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        metrics = new BackfillMetrics(getRuntimeContext().getMetricGroup());
        client = feed.newHistoryClient(settings, metrics,
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        registerHistoryGauges(getRuntimeContext().getMetricGroup(), client);
    }

    /** The client's own figures as gauges in the operator's {@code history} group (shared with the audited variant). */
    static void registerHistoryGauges(org.apache.flink.metrics.MetricGroup operator, HistoryClient client) {
        var history = operator.addGroup("history");
        client.gauges().forEach((name, gauge) -> history.gauge(name, (Gauge<Long>) gauge::getAsLong));
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            super.close();
        }
    }

    @Override
    public void asyncInvoke(FeedEvent event, ResultFuture<FeedEvent> resultFuture) {
        if (event instanceof Gap gap) {
            BackfillMetrics.StreamMetrics streamMetrics = metrics.stream(gap.stream());
            client.fetch(gap).whenComplete((trades, error) -> {
                if (error != null) {
                    resultFuture.completeExceptionally(failure(gap, error));
                } else {
                    streamMetrics.gapBackfilled(trades.size());
                    resultFuture.complete(List.copyOf(trades));
                }
            });
        } else if (event instanceof Trade || event instanceof StreamStart || event instanceof DeadLetter) {
            resultFuture.complete(List.of(event));
        } else {
            resultFuture.completeExceptionally(new IllegalArgumentException("unknown feed event " + event));
        }
    }

    /** A gap that is not filled in time fails the task, naming the gap and the timeout. */
    @Override
    public void timeout(FeedEvent event, ResultFuture<FeedEvent> resultFuture) {
        resultFuture.completeExceptionally(new HistoryException("backfill of " + event + " did not complete within "
                + timeout.toMillis() + " ms (the operator's timeout); failing the task so it restores from the last"
                + " checkpoint and requests the gap again"));
    }

    /** The metrics of this instance; {@code null} before {@link #open}. For tests. */
    BackfillMetrics metrics() {
        return metrics;
    }

    static Throwable failure(Gap gap, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new HistoryException("backfill of " + gap + " failed: " + cause.getMessage(), cause);
    }
}
