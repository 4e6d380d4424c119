package io.candlestream.candles;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Candle;
import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns one stream's gap-free, deduplicated trades into final candles of every configured interval, in event time.
 *
 * <p>Each interval is computed from the trades themselves (a 5m open is the first trade of those five minutes, never
 * a carried 1m close). A bucket {@code [s, s + len)} is emitted once, when the watermark reaches {@code s + len - 1}.
 * With flat candles on, a bucket without trades after the stream's first trade is emitted as a flat candle carrying
 * the previous close, and one timer is always kept one bucket ahead so flats keep coming while the stream is quiet.
 * Buckets that begin before a {@link StreamStart}'s {@code completeFrom} are partial and never emitted; their trades
 * still set the close that later flats carry.
 *
 * <p>Lateness: a trade for a bucket that is already final is late. If the watermark is still before
 * {@code bucket end + allowedLateness}, the bucket is updated and emitted again (the sink upserts), and so are the
 * flats that follow it and carried its close; otherwise the trade goes to {@link #LATE_TRADES} and is counted.
 * Emitted buckets' accumulators are kept exactly that long, then cleared by a timer. {@link DeadLetter}s go to
 * {@link #DEAD_LETTERS} unchanged.
 *
 * <p>Not Flink's window API: it has no flat candles for empty buckets, no completeness marker and no upsert-style
 * late firing that also corrects the following flats. No wall clock is read and all arithmetic is exact.
 * Keyed by the stream id ({@code feed:SYMBOL}). All state is POJO or basic typed with explicit type information, one
 * state name per interval label, so adding an interval on restore from a savepoint just starts new state.
 */
public class CandleFunction extends KeyedProcessFunction<String, FeedEvent, Candle> {

    private static final long serialVersionUID = 1L;

    /** Id of the side output of trades too late even for the allowed lateness. */
    public static final String LATE_TRADES_ID = "late-trades";

    /** Side output of trades too late even for the allowed lateness (each such trade once, whatever the intervals). */
    public static final OutputTag<FeedEvent> LATE_TRADES = new OutputTag<>(LATE_TRADES_ID, FeedEventTypeInfo.INSTANCE);

    /** Id of the side output of {@link DeadLetter}s that reached the keyed stage. */
    public static final String DEAD_LETTERS_ID = "dead-letters";

    /** Side output of the {@link DeadLetter}s that came down the stream, in order; they never touch a candle. */
    public static final OutputTag<FeedEvent> DEAD_LETTERS =
            new OutputTag<>(DEAD_LETTERS_ID, FeedEventTypeInfo.INSTANCE);

    /** State name prefix of an interval's open and retained buckets (bucket start → accumulator); label appended. */
    public static final String BUCKETS_STATE_PREFIX = "candle-buckets-";

    /** State name prefix of an interval's {@link IntervalProgress}; label appended. */
    public static final String PROGRESS_STATE_PREFIX = "candle-progress-";

    /** State name of the stream's {@code completeFrom} (epoch millis, inclusive), set by a {@link StreamStart}. */
    public static final String COMPLETE_FROM_STATE = "candle-complete-from";

    /** Buckets a clean-up visits one by one before it scans the keys instead. */
    static final int MAX_CLEAN_UP_STEPS = 4_096;

    /** 9999-12-31T23:59:59.999Z; flats are never filled up to a watermark beyond it. */
    static final long LAST_SANE_WATERMARK = 253_402_300_799_999L;

    private final List<Interval> intervals;
    private final boolean flatCandles;
    private final long allowedLatenessMillis;
    private final CursorCodec codec;

    private transient Map<Interval, MapState<Long, CandleAccumulator>> bucketStates;
    private transient Map<Interval, ValueState<IntervalProgress>> progressStates;
    private transient ValueState<Long> completeFromState;
    private transient Map<String, StreamMetrics> metrics;

    /**
     * @param intervals the candle lengths to compute, at least one (duplicates are ignored)
     * @param flatCandles whether buckets without trades are emitted as flat candles carrying the previous close
     * @param allowedLateness how long after a bucket's end a late trade still updates it; zero or positive
     * @param codec how cursors are written to the {@code first_cursor}/{@code last_cursor} columns
     */
    public CandleFunction(List<Interval> intervals, boolean flatCandles, Duration allowedLateness, CursorCodec codec) {
        Objects.requireNonNull(intervals, "intervals");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(codec, "codec");
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("intervals must not be empty");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowedLateness must be zero or positive, was " + allowedLateness);
        }
        List<Interval> distinct = new ArrayList<>();
        for (Interval interval : intervals) {
            if (!distinct.contains(Objects.requireNonNull(interval, "intervals must not contain null"))) {
                distinct.add(interval);
            }
        }
        distinct.sort(null);
        this.intervals = List.copyOf(distinct);
        this.flatCandles = flatCandles;
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.codec = codec;
    }

    /** The descriptor of an interval's bucket accumulators. */
    static MapStateDescriptor<Long, CandleAccumulator> bucketsDescriptor(Interval interval) {
        return new MapStateDescriptor<>(
                BUCKETS_STATE_PREFIX + interval.label(), Types.LONG, Types.POJO(CandleAccumulator.class));
    }

    /** The descriptor of an interval's progress. */
    static ValueStateDescriptor<IntervalProgress> progressDescriptor(Interval interval) {
        return new ValueStateDescriptor<>(PROGRESS_STATE_PREFIX + interval.label(), Types.POJO(IntervalProgress.class));
    }

    static ValueStateDescriptor<Long> completeFromDescriptor() {
        return new ValueStateDescriptor<>(COMPLETE_FROM_STATE, Types.LONG);
    }

    @Override
    public void open(OpenContext openContext) {
        bucketStates = new LinkedHashMap<>();
        progressStates = new LinkedHashMap<>();
        for (Interval interval : intervals) {
            bucketStates.put(interval, getRuntimeContext().getMapState(bucketsDescriptor(interval)));
            progressStates.put(interval, getRuntimeContext().getState(progressDescriptor(interval)));
        }
        completeFromState = getRuntimeContext().getState(completeFromDescriptor());
        metrics = new HashMap<>();
    }

    @Override
    public void processElement(FeedEvent event, Context ctx, Collector<Candle> out) throws Exception {
        if (event instanceof Trade trade) {
            long watermark = ctx.timerService().currentWatermark();
            boolean tooLate = false;
            for (Interval interval : intervals) {
                tooLate |= !onTrade(interval, trade, watermark, ctx, out);
            }
            if (tooLate) {
                ctx.output(LATE_TRADES, trade);
                metrics(ctx.getCurrentKey()).lateTrades.inc();
            }
        } else if (event instanceof StreamStart start) {
            completeFromState.update(start.completeFrom());
        } else if (event instanceof DeadLetter letter) {
            ctx.output(DEAD_LETTERS, letter);
        } else if (event instanceof Gap gap) {
            throw new IllegalStateException("a gap reached the candles unfilled; the backfill must replace it: " + gap);
        } else {
            throw new IllegalStateException("unknown feed event " + event);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Candle> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        for (Interval interval : intervals) {
            advance(interval, watermark, ctx, out);
            cleanUp(interval, watermark);
        }
    }

    /** Adds a trade to its bucket of one interval; returns false if it is too late for that bucket. */
    private boolean onTrade(Interval interval, Trade trade, long watermark, Context ctx, Collector<Candle> out)
            throws Exception {
        long len = interval.millis();
        long bucket = interval.bucketStart(trade.time());
        MapState<Long, CandleAccumulator> buckets = bucketStates.get(interval);
        // Final buckets all lie before bucketStart(watermark + 1) (advance never finalizes past it, except at the end
        // of time): a trade at or after it cannot be late, and the progress need not be read (a state read per trade).
        boolean mayBeFinal = watermark >= LAST_SANE_WATERMARK || bucket < interval.bucketStart(watermark + 1);
        if (mayBeFinal) {
            IntervalProgress progress = progressStates.get(interval).value();
            if (progress != null && progress.started && bucket < progress.nextBucket) {
                if (saturatedAdd(bucket + len, allowedLatenessMillis) > watermark) {
                    updateFinalBucket(interval, bucket, trade, progress, ctx, out);
                    return true;
                }
                return false;
            }
        }
        CandleAccumulator acc = buckets.get(bucket);
        if (acc == null) {
            acc = CandleAccumulator.of(trade);
            // The bucket's first trade sets its timer; a bucket kept in state has its timer already.
            ctx.timerService().registerEventTimeTimer(bucket + len - 1);
        } else {
            acc.add(trade);
        }
        buckets.put(bucket, acc);
        return true;
    }

    /** A late trade within the allowed lateness: update the bucket, emit it again, and correct the flats after it. */
    private void updateFinalBucket(Interval interval, long bucket, Trade trade, IntervalProgress progress,
            Context ctx, Collector<Candle> out) throws Exception {
        long len = interval.millis();
        MapState<Long, CandleAccumulator> buckets = bucketStates.get(interval);
        CandleAccumulator acc = buckets.get(bucket);
        if (acc == null) {
            acc = CandleAccumulator.of(trade);
        } else {
            acc.add(trade);
        }
        buckets.put(bucket, acc);
        ctx.timerService().registerEventTimeTimer(saturatedAdd(bucket + len, allowedLatenessMillis));
        String key = ctx.getCurrentKey();
        StreamId stream = StreamId.parse(key);
        Long completeFrom = completeFromState.value();
        if (!isPartial(bucket, completeFrom)) {
            emit(acc.toCandle(stream, interval, bucket, codec), key, out);
        }
        if (!progress.hasCarry || bucket >= progress.carryBucket) {
            setCarry(progress, acc, bucket);
        }
        if (flatCandles) {
            // The flats between this bucket and the next one with trades carried this bucket's old close.
            for (long flat = bucket + len; flat < progress.nextBucket && !buckets.contains(flat); flat += len) {
                if (!isPartial(flat, completeFrom)) {
                    emitFlat(stream, interval, flat, acc.close, codec.toColumn(acc.lastCursor()), key, out);
                }
            }
        }
        progressStates.get(interval).update(progress);
    }

    /** Finalizes, in bucket order, every bucket of one interval that the watermark has passed. */
    private void advance(Interval interval, long watermark, OnTimerContext ctx, Collector<Candle> out)
            throws Exception {
        long len = interval.millis();
        MapState<Long, CandleAccumulator> buckets = bucketStates.get(interval);
        ValueState<IntervalProgress> progressState = progressStates.get(interval);
        IntervalProgress progress = progressState.value();
        if (progress == null) {
            progress = new IntervalProgress();
        }
        // End of input (Long.MAX_VALUE), or a watermark past year 9999 that only a broken upstream can send: finalize
        // the buckets with trades but do not fill flats towards it, which would never end.
        boolean endOfTime = watermark > LAST_SANE_WATERMARK;
        if (!progress.started) {
            Long first = smallestKey(buckets);
            if (first == null || (!endOfTime && first + len - 1 > watermark)) {
                return;
            }
            progress.started = true;
            progress.nextBucket = first;
        }
        long target;
        if (endOfTime) {
            // End of input: finalize every bucket with trades, but no trailing flats up to the end of time.
            Long last = largestKey(buckets);
            target = last == null ? progress.nextBucket : Math.max(progress.nextBucket, last + len);
        } else {
            target = interval.bucketStart(watermark + 1);
        }
        String key = ctx.getCurrentKey();
        StreamId stream = StreamId.parse(key);
        Long completeFrom = completeFromState.value();
        long bucket = progress.nextBucket;
        while (bucket < target) {
            CandleAccumulator acc = buckets.get(bucket);
            if (acc != null) {
                if (!isPartial(bucket, completeFrom)) {
                    emit(acc.toCandle(stream, interval, bucket, codec), key, out);
                }
                setCarry(progress, acc, bucket);
                ctx.timerService().registerEventTimeTimer(saturatedAdd(bucket + len, allowedLatenessMillis));
                bucket += len;
            } else if (flatCandles && progress.hasCarry && !isPartial(bucket, completeFrom)) {
                emitFlat(stream, interval, bucket, progress.carryClose, progress.carryLastCursor, key, out);
                bucket += len;
            } else {
                // Nothing to emit here: jump to the next bucket that can emit something.
                long next = target;
                if (flatCandles && progress.hasCarry && completeFrom != null) {
                    next = Math.min(next, interval.bucketStart(completeFrom - 1) + len);
                }
                Long withTrades = smallestKeyAbove(buckets, bucket, next);
                bucket = withTrades != null ? withTrades : next;
            }
        }
        progress.nextBucket = bucket;
        if (flatCandles && progress.hasCarry && !endOfTime) {
            // One timer ahead, so a quiet stream's flats keep coming as the watermark advances.
            ctx.timerService().registerEventTimeTimer(bucket + len - 1);
        }
        progressState.update(progress);
    }

    /**
     * Drops the accumulators of final buckets that no late trade can update any more: those before the expiry
     * frontier, the first bucket that is not final or still within the allowed lateness. It visits only the buckets
     * since the last clean-up ({@link IntervalProgress#retainedFrom}), so a timer costs O(1) however many buckets
     * wait for the watermark (a bootstrap's thousands); a long jump (a quiet stream without flats) scans the keys once.
     */
    private void cleanUp(Interval interval, long watermark) throws Exception {
        ValueState<IntervalProgress> progressState = progressStates.get(interval);
        IntervalProgress progress = progressState.value();
        if (progress == null || !progress.started) {
            return;
        }
        long len = interval.millis();
        long frontier = expiryFrontier(interval, progress.nextBucket, watermark);
        MapState<Long, CandleAccumulator> buckets = bucketStates.get(interval);
        long from;
        if (progress.retainedFromKnown) {
            from = progress.retainedFrom;
        } else {
            Long smallest = smallestKey(buckets);
            from = smallest == null ? frontier : smallest;
        }
        if (from >= frontier) {
            if (!progress.retainedFromKnown && frontier != Long.MIN_VALUE) {
                remember(progressState, progress, frontier);
            }
            return;
        }
        long span = frontier - from; // negative only on overflow
        if (span > 0 && span / len <= MAX_CLEAN_UP_STEPS) {
            for (long bucket = from; bucket < frontier; bucket += len) {
                if (buckets.contains(bucket)) {
                    buckets.remove(bucket);
                }
            }
        } else {
            List<Long> expired = new ArrayList<>();
            for (Long bucket : buckets.keys()) {
                if (bucket < frontier) {
                    expired.add(bucket);
                }
            }
            for (Long bucket : expired) {
                buckets.remove(bucket);
            }
        }
        remember(progressState, progress, frontier);
    }

    private static void remember(ValueState<IntervalProgress> state, IntervalProgress progress, long retainedFrom)
            throws Exception {
        progress.retainedFrom = retainedFrom;
        progress.retainedFromKnown = true;
        state.update(progress);
    }

    /**
     * The first bucket whose accumulator must be kept: not final yet ({@code >= nextBucket}), or final but a late
     * trade may still update it ({@code bucket + len + allowedLateness > watermark}). Every bucket before it is
     * expired, and stays so as the watermark and {@code nextBucket} only grow.
     */
    private long expiryFrontier(Interval interval, long nextBucket, long watermark) {
        long len = interval.millis();
        long horizon = watermark - len - allowedLatenessMillis; // b expires by time iff b <= horizon
        if (watermark == Long.MAX_VALUE) {
            return nextBucket; // end of input: saturated, every final bucket is expired
        }
        if (watermark < Long.MIN_VALUE / 2 || horizon > watermark) {
            return Long.MIN_VALUE; // no watermark yet (or an underflow): nothing is expired
        }
        return Math.min(nextBucket, interval.bucketStart(horizon) + len);
    }

    private void setCarry(IntervalProgress progress, CandleAccumulator acc, long bucket) {
        progress.hasCarry = true;
        progress.carryClose = acc.close;
        progress.carryLastCursor = codec.toColumn(acc.lastCursor());
        progress.carryBucket = bucket;
    }

    private void emit(Candle candle, String key, Collector<Candle> out) {
        out.collect(candle);
        metrics(key).candlesEmitted.inc();
    }

    private void emitFlat(StreamId stream, Interval interval, long bucket, BigDecimal close, long lastCursor,
            String key, Collector<Candle> out) {
        out.collect(new Candle(stream, interval.label(), bucket, close, close, close, close, BigDecimal.ZERO,
                BigDecimal.ZERO, 0, lastCursor, lastCursor));
        StreamMetrics streamMetrics = metrics(key);
        streamMetrics.candlesEmitted.inc();
        streamMetrics.flatCandles.inc();
    }

    private static boolean isPartial(long bucket, Long completeFrom) {
        return completeFrom != null && bucket < completeFrom;
    }

    /** The smallest key in {@code (after, before)}, or null. */
    private static Long smallestKeyAbove(MapState<Long, CandleAccumulator> buckets, long after, long before)
            throws Exception {
        Long best = null;
        for (Long key : buckets.keys()) {
            if (key > after && key < before && (best == null || key < best)) {
                best = key;
            }
        }
        return best;
    }

    private static Long smallestKey(MapState<Long, CandleAccumulator> buckets) throws Exception {
        Long best = null;
        for (Long key : buckets.keys()) {
            if (best == null || key < best) {
                best = key;
            }
        }
        return best;
    }

    private static Long largestKey(MapState<Long, CandleAccumulator> buckets) throws Exception {
        Long best = null;
        for (Long key : buckets.keys()) {
            if (best == null || key > best) {
                best = key;
            }
        }
        return best;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private StreamMetrics metrics(String key) {
        return metrics.computeIfAbsent(key,
                k -> new StreamMetrics(getRuntimeContext().getMetricGroup().addGroup(CandleMetrics.STREAM_GROUP, k)));
    }

    /** The counters of one stream; main thread only. */
    private static final class StreamMetrics {
        final Counter candlesEmitted;
        final Counter flatCandles;
        final Counter lateTrades;

        StreamMetrics(MetricGroup group) {
            candlesEmitted = group.counter(CandleMetrics.CANDLES_EMITTED);
            flatCandles = group.counter(CandleMetrics.FLAT_CANDLES);
            lateTrades = group.counter(CandleMetrics.LATE_TRADES);
        }
    }
}
