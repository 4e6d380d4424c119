package io.candlestream.verify;

import io.candlestream.history.RequestPacer;
import java.util.List;
import java.util.function.LongSupplier;
import okhttp3.Headers;

/**
 * Keeps the verification inside Binance's request-weight budget: it counts the weight it sent in the current window
 * and takes the exchange's own count ({@code X-MBX-USED-WEIGHT-1M}, which includes every other client on the IP) when
 * an answer reports it; a request that would pass {@code budget} of the limit waits for the next window.
 * Thread-safe (synchronized; the verification sends one request at a time).
 */
final class UsedWeightPacer implements RequestPacer {

    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private final long windowMillis;
    private final LongSupplier clock;
    private int limit;
    private final double budget;
    private long windowStart;
    private int used;

    UsedWeightPacer(long windowMillis, int limit, double budget, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.limit = limit;
        this.budget = budget;
        this.clock = clock;
    }

    /** The limit per window, from exchangeInfo. */
    synchronized void limit(int limit) {
        this.limit = limit;
    }

    synchronized int limit() {
        return limit;
    }

    /** Weight used in the current window as far as this client knows. */
    synchronized int used() {
        roll();
        return used;
    }

    @Override
    public synchronized Admission admit(int cost, Runnable onRelease) {
        roll();
        if (used + cost > budget * limit) {
            long wait = windowStart + windowMillis - clock.getAsLong() + 50;
            return new Admission(Math.max(1, wait), 0);
        }
        used += cost;
        return Admission.go(0);
    }

    @Override
    public synchronized List<Runnable> release(Admission admission, int cost, Headers headers) {
        if (headers != null) {
            String reported = headers.get(USED_WEIGHT_HEADER);
            if (reported != null) {
                try {
                    roll();
                    used = Math.max(used, Integer.parseInt(reported.trim()));
                } catch (NumberFormatException e) {
                    // an unreadable header: keep our own count
                }
            }
        }
        return List.of();
    }

    private void roll() {
        long now = clock.getAsLong();
        long start = now - Math.floorMod(now, windowMillis);
        if (start != windowStart) {
            windowStart = start;
            used = 0;
        }
    }
}
