package io.candlestream.repair;

import io.candlestream.model.Candle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the buckets of one stream and interval that must be rewritten: missing ones, and rows whose
 * {@code first_cursor}/{@code last_cursor} do not chain with the row before them (a bucket with trades starts at the
 * previous {@code last_cursor} + 1; a flat bucket repeats it in both columns). Pure.
 *
 * <p>With flat candles a row right after a missing bucket cannot be checked until that bucket is rebuilt, so
 * {@link RepairJob} checks again after each rewrite and repeats while it finds new targets.
 */
public final class ChainCheck {

    private ChainCheck() {}

    /**
     * What the check found.
     *
     * @param targets start of every bucket to rewrite, ascending
     * @param problems one line per problem found, in bucket order
     */
    public record Result(TreeSet<Long> targets, List<String> problems) {

        public boolean isWhole() {
            return targets.isEmpty();
        }
    }

    /**
     * Checks the buckets that begin in {@code [fromMillis, toMillis)}.
     *
     * @param rows the table's rows of this stream and interval from the bucket before {@code fromMillis} on (that one
     *     row, when present, anchors the chain; it is never a target)
     * @param intervalMillis the interval's length
     * @param flatCandles whether buckets without trades are written (then a missing bucket is a problem; otherwise
     *     only a broken chain across the missing buckets is)
     */
    public static Result check(List<Candle> rows, long intervalMillis, long fromMillis, long toMillis,
            boolean flatCandles) {
        return check(rows, intervalMillis, fromMillis, toMillis, flatCandles, true);
    }

    /**
     * As {@link #check(List, long, long, long, boolean)}; with {@code denseCursors} false (a chain's block and log
     * index) a bucket with trades must only start after the previous {@code last_cursor}, not right after it.
     */
    public static Result check(List<Candle> rows, long intervalMillis, long fromMillis, long toMillis,
            boolean flatCandles, boolean denseCursors) {
        Map<Long, Candle> byStart = new TreeMap<>();
        for (Candle row : rows) {
            byStart.put(row.bucketStart(), row);
        }
        long first = Math.floorDiv(fromMillis + intervalMillis - 1, intervalMillis) * intervalMillis;
        TreeSet<Long> targets = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        Candle previous = byStart.get(first - intervalMillis);
        for (long bucket = first; bucket < toMillis; bucket += intervalMillis) {
            Candle row = byStart.get(bucket);
            String label = Instant.ofEpochMilli(bucket).toString();
            if (row == null) {
                if (flatCandles) {
                    targets.add(bucket);
                    problems.add(label + " missing");
                    // The missing bucket is rebuilt; whether the next row chains to it is checked once it is there.
                    previous = null;
                }
                continue;
            }
            boolean flat = row.tradeCount() == 0;
            if (flat ? row.firstCursor() != row.lastCursor() : row.firstCursor() > row.lastCursor()) {
                targets.add(bucket);
                problems.add(label + " has cursors " + row.firstCursor() + ".." + row.lastCursor() + " that cannot be"
                        + (flat ? " a flat candle's" : " a bucket's"));
            } else if (previous != null) {
                long expectedFirst = flat ? previous.lastCursor() : previous.lastCursor() + 1;
                boolean chained = flat || denseCursors ? row.firstCursor() == expectedFirst
                        : row.firstCursor() > previous.lastCursor();
                if (!chained) {
                    // Either side may be the wrong one: rewrite both, and every bucket between them.
                    for (long b = Math.max(first, previous.bucketStart()); b <= bucket; b += intervalMillis) {
                        targets.add(b);
                    }
                    problems.add(label + " first_cursor " + row.firstCursor() + " does not follow the last_cursor "
                            + previous.lastCursor() + " of " + Instant.ofEpochMilli(previous.bucketStart())
                            + (flat ? " (flat: expected " + expectedFirst + ")" : denseCursors ? " (expected "
                            + expectedFirst + ")" : " (expected after it)"));
                }
            }
            previous = row;
        }
        return new Result(targets, problems);
    }
}
