package io.candlestream.bench;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The highest rate of a growing count over any window of a given length, from samples (time, count) in time order:
 * how fast something went while it was busiest, beside its average over a whole run.
 */
final class RateWindow {

    private record Sample(long nanos, long count) {}

    private final long windowNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private double best;

    RateWindow(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** Adds a sample; {@code nanos} from {@link System#nanoTime()}, non-decreasing. */
    void sample(long nanos, long count) {
        samples.addLast(new Sample(nanos, count));
        while (samples.size() > 1 && nanos - samples.peekFirst().nanos() > windowNanos) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        // only a (nearly) full window counts, so two samples close together cannot make a spike
        if (nanos - first.nanos() >= windowNanos * 9 / 10) {
            best = Math.max(best, (count - first.count()) / ((nanos - first.nanos()) / 1e9));
        }
    }

    /** The best rate per second over a full window so far; 0 before the first full window. */
    double best() {
        return best;
    }
}
