package io.candlestream.simulator.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A request-weight limit as Binance's: each request adds its weight to the current fixed wall-clock window (aligned to
 * multiples of the window length, as Binance's minutes are); a request that would exceed the limit is refused with the
 * seconds left in the window. The weight admitted is recorded per window ({@link WeightPerWindow}). Thread-safe.
 */
public final class RequestWeightLimiter {

    /** Outcome of one request: whether it may run, the weight used in the window, and for a refusal the wait. */
    public record Decision(boolean allowed, int usedWeight, long retryAfterSeconds) {
    }

    private final int limit;
    private final long windowMillis;
    private final LongSupplier wallMillis;
    private final WeightPerWindow admitted;
    private long windowStart = Long.MIN_VALUE; // guarded by this
    private int used; // guarded by this

    public RequestWeightLimiter(int limit, Duration window, LongSupplier wallMillis) {
        this(limit, window, wallMillis, new WeightPerWindow());
    }

    /** @param admitted records the weight admitted per window */
    public RequestWeightLimiter(int limit, Duration window, LongSupplier wallMillis, WeightPerWindow admitted) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.wallMillis = wallMillis;
        this.admitted = admitted;
    }

    /** Adds {@code weight} if it fits under the limit. */
    public synchronized Decision acquire(int weight) {
        long now = roll();
        if (used + weight > limit) {
            return new Decision(false, used, secondsUntilWindowEnd(now));
        }
        used += weight;
        admitted.add(windowStart, weight);
        return new Decision(true, used, 0);
    }

    /** Weight used so far in the current window. */
    public synchronized int used() {
        roll();
        return used;
    }

    /** Seconds, rounded up and at least 1, until the current window ends. */
    public synchronized long secondsUntilWindowEnd() {
        return secondsUntilWindowEnd(roll());
    }

    public int limit() {
        return limit;
    }

    private long roll() {
        long now = wallMillis.getAsLong();
        long start = Math.floorDiv(now, windowMillis) * windowMillis;
        if (start != windowStart) {
            windowStart = start;
            used = 0;
        }
        return now;
    }

    private long secondsUntilWindowEnd(long now) {
        long remaining = windowStart + windowMillis - now;
        return Math.max(1, (remaining + 999) / 1000);
    }
}
