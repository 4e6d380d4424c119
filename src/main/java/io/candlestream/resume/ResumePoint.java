package io.candlestream.resume;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Where a stream resumes from the candles table: the last trade every configured interval already covers, and the
 * time from which the resumed job writes buckets.
 *
 * <p>The rule ({@link #of}): take the interval whose last written bucket ends earliest. Its {@code last_cursor} R is
 * the last trade before that end T, so every trade at or after T has an id above R, and every interval already holds
 * every bucket that begins before T (each last bucket ends at or after T). Resuming after R and writing only buckets
 * that begin at or after T therefore writes no partial bucket and leaves none missing; faster intervals rewrite their
 * complete buckets from T on with identical values. R is also the smallest of the per-interval {@code last_cursor}s
 * (a bucket that ends later cannot have an earlier last trade); {@link #of} takes both minima, so a table where they
 * disagree still never yields a partial bucket.
 *
 * @param lastCursor R, the {@code last_cursor} column value: trades after it are loaded from history
 * @param completeFrom T, epoch milliseconds: buckets that begin before it are not written (they are in the table)
 */
public record ResumePoint(long lastCursor, long completeFrom) {

    /** The resume point of a stream whose configured intervals have these last rows; empty when there is none. */
    public static Optional<ResumePoint> of(Collection<LastBucket> lastBuckets) {
        if (lastBuckets.isEmpty()) {
            return Optional.empty();
        }
        long cursor = Long.MAX_VALUE;
        long end = Long.MAX_VALUE;
        for (LastBucket last : lastBuckets) {
            cursor = Math.min(cursor, last.lastCursor());
            end = Math.min(end, last.bucketEnd());
        }
        return Optional.of(new ResumePoint(cursor, end));
    }

    @Override
    public String toString() {
        return "after cursor " + lastCursor + ", buckets from " + Instant.ofEpochMilli(completeFrom);
    }
}
