package io.candlestream.source.metrics;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The arithmetic of a backfill's progress: ids done of the total, the rate over the last {@value #RATE_WINDOW_SECONDS}
 * seconds, the estimated time left, and the log line that states them. Pure and clock-free (callers pass
 * {@code System.nanoTime()}); confined to one thread.
 */
public final class BackfillProgress {

    /** The rate is measured over this many seconds, so a burst at the start does not dominate it. */
    static final int RATE_WINDOW_SECONDS = 10;

    private static final long NANOS = 1_000_000_000L;

    /** Samples closer together than this are merged, so the window holds at most ~100 of them. */
    private static final long SAMPLE_NANOS = NANOS / 10;

    private final long startNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long done;
    private long total;

    public BackfillProgress(long startNanos) {
        this.startNanos = startNanos;
        samples.add(new long[] {startNanos, 0});
    }

    /** Records {@code done} of {@code total} ids at {@code nowNanos}. */
    public void update(long done, long total, long nowNanos) {
        this.done = done;
        this.total = Math.max(total, done);
        long[] newest = samples.peekLast();
        if (samples.size() > 1 && nowNanos - newest[0] < SAMPLE_NANOS) {
            newest[0] = nowNanos;
            newest[1] = done;
        } else {
            samples.add(new long[] {nowNanos, done});
        }
        while (samples.size() > 2 && samples.peekFirst()[0] < nowNanos - RATE_WINDOW_SECONDS * NANOS
                && secondSample()[0] <= nowNanos - RATE_WINDOW_SECONDS * NANOS) {
            samples.removeFirst();
        }
    }

    private long[] secondSample() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    public long done() {
        return done;
    }

    public long total() {
        return total;
    }

    public long remaining() {
        return total - done;
    }

    /** Ids per second over the last {@value #RATE_WINDOW_SECONDS} seconds (since the start until then); 0 unknown. */
    public double idsPerSecond() {
        long[] first = samples.peekFirst();
        long[] lastSample = samples.peekLast();
        long nanos = lastSample[0] - first[0];
        return nanos <= 0 ? 0 : (lastSample[1] - first[1]) * (double) NANOS / nanos;
    }

    /** Seconds left at the current rate, rounded up; -1 while the rate is unknown, 0 when done. */
    public long etaSeconds() {
        if (remaining() == 0) {
            return 0;
        }
        double rate = idsPerSecond();
        return rate <= 0 ? -1 : (long) Math.ceil(remaining() / rate);
    }

    /** Whole percent done, rounded down (100 only when done). */
    public int percent() {
        if (total == 0) {
            return 100;
        }
        return (int) Math.min(100, Math.floor(done * 100.0 / total));
    }

    /** Seconds since the backfill started. */
    public double elapsedSeconds(long nowNanos) {
        return (nowNanos - startNanos) / (double) NANOS;
    }

    /** {@code [binance XRPETH] backfill 45% 56,000/124,000 ids, 8,300 ids/s, ETA 8s}. */
    public String line(String stream) {
        return line(stream, "ids");
    }

    /** As {@link #line(String)}, counted in the feed's own {@code unit} ({@code ids}, {@code blocks}). */
    public String line(String stream, String unit) {
        long eta = etaSeconds();
        return String.format(Locale.ROOT, "[%s] backfill %d%% %,d/%,d %s, %,d %s/s, ETA %s", stream, percent(), done,
                total, unit, Math.round(idsPerSecond()), unit, eta < 0 ? "unknown" : duration(eta));
    }

    /** {@code 8s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
