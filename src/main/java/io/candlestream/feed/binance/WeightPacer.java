package io.candlestream.feed.binance;

import java.util.function.LongSupplier;

/**
 * Paces requests by Binance's per-minute request weight: tracks the used weight the exchange reports
 * ({@code X-MBX-USED-WEIGHT-1M}) plus the weight of requests still in flight, and holds back a request that would push
 * the window past {@code budget × limit} until the next window. Also holds every request back after a 429/418 until
 * the exchange's {@code Retry-After} has passed. Thread-safe (all state under the instance lock).
 */
final class WeightPacer {

    /** A decision for one request: wait {@code delayMillis} and ask again, or (delay 0) go, holding weight in window. */
    record Permit(long delayMillis, long window) {
        boolean granted() {
            return delayMillis == 0;
        }
    }

    private final long windowMillis;
    private final double budget;
    private final LongSupplier clock;

    private int limit;
    private long window = Long.MIN_VALUE;
    private int usedWeight;
    private int inFlightWeight;
    private long pausedUntil;

    WeightPacer(long windowMillis, double budget, int initialLimit, LongSupplier clock) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
        this.windowMillis = windowMillis;
        this.budget = budget;
        this.limit = initialLimit;
        this.clock = clock;
    }

    synchronized void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("weight limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    synchronized int limit() {
        return limit;
    }

    /** The weight this client may use per window: {@code floor(budget × limit)}. */
    synchronized int allowedWeight() {
        return (int) Math.floor(budget * limit);
    }

    /**
     * Asks to send a request of this weight now. Granted if the window still has room (an idle window always admits
     * one request, however heavy); otherwise the delay until the next window or the end of a rate-limit pause.
     */
    synchronized Permit tryAcquire(int weight) {
        long now = clock.getAsLong();
        if (now < pausedUntil) {
            return new Permit(pausedUntil - now, window);
        }
        roll(now);
        int committed = usedWeight + inFlightWeight;
        if (committed > 0 && committed + weight > allowedWeight()) {
            return new Permit(Math.max(1, (window + 1) * windowMillis - now), window);
        }
        inFlightWeight += weight;
        return new Permit(0, window);
    }

    /**
     * A request granted by {@code permit} is over. {@code reportedUsedWeight} is the exchange's
     * {@code X-MBX-USED-WEIGHT-1M}, or negative when the answer had none (or there was no answer).
     */
    synchronized void release(Permit permit, int weight, int reportedUsedWeight) {
        roll(clock.getAsLong());
        if (permit.window() == window) {
            inFlightWeight = Math.max(0, inFlightWeight - weight);
        }
        if (reportedUsedWeight >= 0) {
            // The exchange's count is authoritative; max() because answers may arrive out of order.
            usedWeight = Math.max(usedWeight, reportedUsedWeight);
        }
    }

    /** Holds every request back for {@code millis} from now (a 429/418 with Retry-After). */
    synchronized void pause(long millis) {
        pausedUntil = Math.max(pausedUntil, clock.getAsLong() + millis);
    }

    synchronized int usedWeight() {
        roll(clock.getAsLong());
        return usedWeight;
    }

    private void roll(long now) {
        long current = Math.floorDiv(now, windowMillis);
        if (current != window) {
            window = current;
            usedWeight = 0;
            inFlightWeight = 0;
        }
    }
}
