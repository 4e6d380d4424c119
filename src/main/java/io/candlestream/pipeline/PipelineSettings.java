package io.candlestream.pipeline;

import io.candlestream.candles.Interval;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistorySettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the pipeline between source and sink needs: the feed, how to reach its history, and how candles are built.
 *
 * @param feed the feed adapter
 * @param history how the backfill operator reaches the history API
 * @param backfillTimeout longest one gap chunk may take (retries included) before the task fails and restores
 * @param backfillCapacity events in flight in the backfill operator
 * @param intervals candle intervals, shortest first
 * @param flatCandles whether buckets without trades get flat candles
 * @param allowedLateness how long after a bucket closed a late trade still updates it
 */
public record PipelineSettings(
        FeedAdapter feed,
        HistorySettings history,
        Duration backfillTimeout,
        int backfillCapacity,
        List<Interval> intervals,
        boolean flatCandles,
        Duration allowedLateness) {

    public PipelineSettings {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(history, "history");
        intervals = List.copyOf(intervals);
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("intervals must not be empty");
        }
    }
}
