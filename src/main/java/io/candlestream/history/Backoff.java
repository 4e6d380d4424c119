package io.candlestream.history;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter, the one retry-delay formula of the project: the ceiling of attempt {@code n}
 * (0 for the first retry) is {@code min(max, initial × 2^n)}; full jitter draws uniformly from {@code [0, ceiling]},
 * equal jitter from {@code [ceiling/2, ceiling)}. Immutable and thread-safe.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final boolean full;

    private Backoff(Duration initial, Duration max, boolean full) {
        if (initial == null || max == null || initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff bounds must be non-negative durations, were initial=" + initial
                    + " max=" + max);
        }
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.full = full;
    }

    /** Uniform in {@code [0, ceiling]}: spreads retries of many clients best (history requests). */
    public static Backoff fullJitter(Duration initial, Duration max) {
        return new Backoff(initial, max, true);
    }

    /** Half fixed, half random, in {@code [ceiling/2, ceiling)}: never retries at once (reconnects). */
    public static Backoff equalJitter(Duration initial, Duration max) {
        return new Backoff(initial, max, false);
    }

    /** The ceiling of attempt {@code attempt} (0 for the first retry): {@code min(max, initial × 2^attempt)}. */
    public long ceilingMillis(int attempt) {
        int shift = Math.max(0, Math.min(attempt, 30));
        return Math.min(maxMillis, initialMillis << shift);
    }

    /** The delay before retry {@code attempt} (0 for the first retry). */
    public long delayMillis(int attempt) {
        long ceiling = ceilingMillis(attempt);
        if (full) {
            return ThreadLocalRandom.current().nextLong(ceiling + 1);
        }
        long half = Math.max(1, ceiling / 2);
        return half + ThreadLocalRandom.current().nextLong(half);
    }
}
