package io.candlestream.resume;

/**
 * The latest row the candles table holds for one stream and interval: its bucket and its {@code last_cursor}.
 *
 * @param interval the interval label, e.g. {@code 5m}
 * @param bucketStart start of the bucket, epoch milliseconds
 * @param bucketEnd end of the bucket (exclusive), epoch milliseconds
 * @param lastCursor the row's {@code last_cursor} column: the last trade at or before the bucket's end
 */
public record LastBucket(String interval, long bucketStart, long bucketEnd, long lastCursor) {

    public LastBucket {
        if (bucketEnd <= bucketStart) {
            throw new IllegalArgumentException("bucketEnd must be after bucketStart, was " + bucketStart + ".." + bucketEnd);
        }
    }
}
