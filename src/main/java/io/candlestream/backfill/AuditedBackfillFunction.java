package io.candlestream.backfill;

import io.candlestream.audit.BackfillRecord;
import io.candlestream.audit.StreamRequestCounter;
import io.candlestream.feed.CursorCodec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.types.Either;

/**
 * {@link BackfillFunction} that also reports every gap it fills: after a gap's trades (left) it emits one
 * {@link BackfillRecord} (right) with what was loaded, the requests it took and why the gap was opened, for the
 * {@code backfills} audit table.
 *
 * <p>Same operator, same uid ({@value BackfillFunction#UID}) and same state (the in-flight input events) as
 * {@link BackfillFunction}, so savepoints of either restore into the other; only the output type differs. The record
 * travels in the same ordered output, so it is split off right after the operator ({@code audit/BackfillAuditSplit})
 * and written by its own batched sink: the candle path carries one extra element per gap chunk, nothing per trade.
 *
 * <p>{@code requests} counts the stream's history requests sent between the gap's start and its completion. That is
 * exactly the gap's requests when it is the stream's only gap in flight (a reconnect, a restore, a corrupt frame); while
 * one stream has several chunks in flight (a bootstrap), each row counts the requests of its window, which include its
 * neighbours'.
 */
public final class AuditedBackfillFunction extends RichAsyncFunction<FeedEvent, Either<FeedEvent, BackfillRecord>> {

    private static final long serialVersionUID = 1L;

    /** The output type: feed events on the left, audit records on the right. */
    public static final TypeInformation<Either<FeedEvent, BackfillRecord>> OUTPUT_TYPE =
            new EitherTypeInfo<>(FeedEventTypeInfo.INSTANCE, TypeInformation.of(BackfillRecord.class));

    private final FeedAdapter feed;
    private final HistorySettings settings;
    private final Duration timeout;
    private final LongSupplier wallClock;

    private transient HistoryClient client;
    private transient BackfillMetrics metrics;
    private transient StreamRequestCounter requests;

    /** As {@link BackfillFunction#BackfillFunction}; {@code filledAt} is the system clock. */
    public AuditedBackfillFunction(FeedAdapter feed, HistorySettings settings, Duration timeout) {
        this(feed, settings, timeout, SystemClock.INSTANCE);
    }

    AuditedBackfillFunction(FeedAdapter feed, HistorySettings settings, Duration timeout, LongSupplier wallClock) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * Adds the audited backfill operator after {@code events}: ordered mode, uid {@value BackfillFunction#UID}, name
     * {@value BackfillFunction#NAME}, exactly as {@link BackfillFunction#apply}.
     */
    public static SingleOutputStreamOperator<Either<FeedEvent, BackfillRecord>> apply(DataStream<FeedEvent> events,
            FeedAdapter feed, HistorySettings settings, Duration timeout, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return AsyncDataStream.orderedWait(events, new AuditedBackfillFunction(feed, settings, timeout),
                        timeout.toMillis(), TimeUnit.MILLISECONDS, capacity)
                .returns(OUTPUT_TYPE)
                .uid(BackfillFunction.UID)
                .name(BackfillFunction.NAME);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        metrics = new BackfillMetrics(getRuntimeContext().getMetricGroup());
        requests = new StreamRequestCounter(metrics);
        client = feed.newHistoryClient(settings, requests,
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        BackfillFunction.registerHistoryGauges(getRuntimeContext().getMetricGroup(), client);
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
    public void asyncInvoke(FeedEvent event, ResultFuture<Either<FeedEvent, BackfillRecord>> resultFuture) {
        if (event instanceof Gap gap) {
            BackfillMetrics.StreamMetrics streamMetrics = metrics.stream(gap.stream());
            long requestsBefore = requests.started(gap.stream());
            client.fetch(gap).whenComplete((trades, error) -> {
                if (error != null) {
                    resultFuture.completeExceptionally(BackfillFunction.failure(gap, error));
                    return;
                }
                streamMetrics.gapBackfilled(trades.size());
                List<Either<FeedEvent, BackfillRecord>> out = new ArrayList<>(trades.size() + 1);
                for (Trade trade : trades) {
                    out.add(Either.Left(trade));
                }
                out.add(Either.Right(record(gap, trades, requests.started(gap.stream()) - requestsBefore,
                        wallClock.getAsLong())));
                resultFuture.complete(out);
            });
        } else if (event instanceof Trade || event instanceof StreamStart || event instanceof DeadLetter) {
            resultFuture.complete(List.of(Either.Left(event)));
        } else {
            resultFuture.completeExceptionally(new IllegalArgumentException("unknown feed event " + event));
        }
    }

    /** A gap that is not filled in time fails the task, naming the gap and the timeout. */
    @Override
    public void timeout(FeedEvent event, ResultFuture<Either<FeedEvent, BackfillRecord>> resultFuture) {
        resultFuture.completeExceptionally(new HistoryException("backfill of " + event + " did not complete within "
                + timeout.toMillis() + " ms (the operator's timeout); failing the task so it restores from the last"
                + " checkpoint and requests the gap again"));
    }

    /** The audit record of {@code gap}, filled with {@code trades} after {@code requests} requests. */
    BackfillRecord record(Gap gap, List<Trade> trades, long requests, long filledAt) {
        CursorCodec codec = feed.cursorCodec();
        Trade first = trades.isEmpty() ? null : trades.get(0);
        Trade last = trades.isEmpty() ? null : trades.get(trades.size() - 1);
        return new BackfillRecord(gap.stream().feed(), gap.stream().symbol(), codec.toColumn(gap.after()),
                codec.toColumn(gap.before()),
                first == null ? null : codec.toColumn(first.cursor()),
                last == null ? null : codec.toColumn(last.cursor()),
                first == null ? null : first.time(),
                last == null ? null : last.time(),
                trades.size(), Math.max(0, requests), gap.reason().name(), filledAt);
    }

    /** The system clock as a serializable supplier. */
    private enum SystemClock implements LongSupplier {
        INSTANCE;

        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    }
}
