package io.candlestream.feed.binance;

import io.candlestream.history.RequestPacer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces requests by Binance's request weight per window and caps the weight in flight; plugs into the generic client
 * as its {@link RequestPacer} (429/418 pauses are the client's {@code HostPauses}). Thread-safe (state under the lock).
 *
 * <p><b>What counts as used.</b> The weight this client sent in the current window, plus what the exchange reports
 * beyond it: every answer carries {@code X-MBX-USED-WEIGHT-1M} (W), the weight the exchange counted for the whole IP
 * when it answered; {@code W − (own weight sent in the window by the time the answer arrived)} is the weight of
 * everybody else on the IP (other subtasks, other jobs). It must be the own weight sent by then, not only up to that
 * request: the exchange has usually counted the own requests sent after it too (they were in flight), and subtracting
 * too little would book them again as somebody else's, so a lone client would stop short of its budget by about its
 * weight in flight. Counting own requests by what was sent rather than adding reported and in flight weight counts
 * nothing twice, so the client fills its budget (default 95% of the limit) instead of stopping short of it.
 *
 * <p><b>Several clients on one IP.</b> Each one sees the others' usage through W, but neither the weight they have in
 * flight nor, until a later answer, its own requests that were in flight and not yet counted when W was read; that is
 * what a window may overshoot by: at most every client's weight in flight. The in-flight cap keeps it inside the
 * margin the budget leaves: each of {@code sharers} clients may have at most {@code (1 − budget) × limit / sharers}
 * weight in flight (at least one request), so all of them together stay under the exchange's limit.
 */
final class WeightPacer implements RequestPacer {

    private static final Logger LOG = LoggerFactory.getLogger(WeightPacer.class);

    /** The header in which Binance reports the weight the IP used in the current minute. */
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    /** Most weight one client keeps in flight, whatever the margin: 64 requests of weight 4. */
    static final int MAX_IN_FLIGHT_WEIGHT = 64 * BinanceHistoryClient.AGG_TRADES_WEIGHT;

    /**
     * A decision for one request: wait {@code delayMillis} and ask again; wait for a release (delay negative, the
     * waiter runs when weight in flight is released); or go (delay 0), in this window.
     */
    record Permit(long delayMillis, long window) {
        boolean granted() {
            return delayMillis == 0;
        }

        boolean waitsForRelease() {
            return delayMillis < 0;
        }
    }

    private final double budget;
    private final LongSupplier clock;
    private final int sharers;
    private final List<Runnable> waiters = new ArrayList<>();

    private long windowMillis;
    private int limit;
    private long window = Long.MIN_VALUE;
    private long sentWeight;
    private long othersWeight;
    private int inFlightWeight;

    WeightPacer(long windowMillis, double budget, int initialLimit, LongSupplier clock) {
        this(windowMillis, budget, initialLimit, clock, 1);
    }

    /** @param sharers clients that share the exchange's budget (one IP): the in-flight margin is divided by them */
    WeightPacer(long windowMillis, double budget, int initialLimit, LongSupplier clock, int sharers) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be at least 1, was " + sharers);
        }
        this.windowMillis = windowMillis;
        this.budget = budget;
        this.limit = initialLimit;
        this.clock = clock;
        this.sharers = sharers;
    }

    synchronized void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("weight limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /** The exchange's window length, as exchangeInfo states it; the current window starts over. */
    synchronized void setWindowMillis(long windowMillis) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("windowMillis must be positive, was " + windowMillis);
        }
        if (windowMillis != this.windowMillis) {
            this.windowMillis = windowMillis;
            this.window = Long.MIN_VALUE;
        }
    }

    synchronized long windowMillis() {
        return windowMillis;
    }

    synchronized int limit() {
        return limit;
    }

    /** The weight this client may use per window: {@code floor(budget × limit)}. */
    synchronized int allowedWeight() {
        return (int) Math.floor(budget * limit);
    }

    /** The most weight this client keeps in flight: its share of the margin the budget leaves, at most 256. */
    synchronized int inFlightCap() {
        int margin = (int) Math.floor((1 - budget) * limit / sharers);
        return Math.min(MAX_IN_FLIGHT_WEIGHT, margin);
    }

    /**
     * Asks to send a request of this weight now. Granted if the window and the in-flight cap still have room (an idle
     * client always sends one request, however heavy); otherwise the delay until the next window or the end of a
     * window is full, or (negative delay) {@code onRelease} runs once weight in flight is released.
     */
    synchronized Permit tryAcquire(int weight, Runnable onRelease) {
        long now = clock.getAsLong();
        roll(now);
        long committed = sentWeight + Math.max(0, othersWeight);
        if (committed > 0 && committed + weight > allowedWeight()) {
            return new Permit(Math.max(1, (window + 1) * windowMillis - now), window);
        }
        if (inFlightWeight > 0 && inFlightWeight + weight > inFlightCap()) {
            waiters.add(onRelease);
            return new Permit(-1, window);
        }
        inFlightWeight += weight;
        sentWeight += weight;
        return new Permit(0, window);
    }

    /** {@link #tryAcquire(int, Runnable)} for callers that never exceed the in-flight cap (tests). */
    Permit tryAcquire(int weight) {
        return tryAcquire(weight, () -> {});
    }

    /**
     * A request granted by {@code permit} is over. {@code reportedUsedWeight} is the exchange's
     * {@code X-MBX-USED-WEIGHT-1M}, or negative when the answer had none (or there was no answer). Returns the waiters
     * to run now (outside the lock): they ask again.
     */
    List<Runnable> release(Permit permit, int weight, int reportedUsedWeight) {
        List<Runnable> wake;
        synchronized (this) {
            roll(clock.getAsLong());
            inFlightWeight = Math.max(0, inFlightWeight - weight);
            if (reportedUsedWeight >= 0 && permit.window() == window) {
                // everything sent in this window so far, not only up to this request: the exchange may have counted
                // own requests sent after this one before it answered, and they are not somebody else's
                othersWeight = Math.max(othersWeight, reportedUsedWeight - sentWeight);
            }
            wake = List.copyOf(waiters);
            waiters.clear();
        }
        return wake;
    }

    @Override
    public Admission admit(int cost, Runnable onRelease) {
        Permit permit = tryAcquire(cost, onRelease);
        return new Admission(permit.delayMillis(), permit.window());
    }

    @Override
    public List<Runnable> release(Admission admission, int cost, Headers headers) {
        return release(new Permit(admission.delayMillis(), admission.token()), cost, usedWeight(headers));
    }

    /** {@value #USED_WEIGHT_HEADER} of an answer, or -1 when there was none or it is unreadable. */
    static int usedWeight(Headers headers) {
        String header = headers == null ? null : headers.get(USED_WEIGHT_HEADER);
        if (header == null) {
            return -1;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            LOG.warn("ignoring unreadable {} header '{}'", USED_WEIGHT_HEADER, header);
            return -1;
        }
    }

    /** The weight counted as used in the current window: own weight sent plus everybody else's as reported. */
    synchronized long usedWeight() {
        roll(clock.getAsLong());
        return sentWeight + Math.max(0, othersWeight);
    }

    synchronized int inFlightWeight() {
        return inFlightWeight;
    }

    private void roll(long now) {
        long current = Math.floorDiv(now, windowMillis);
        if (current != window) {
            window = current;
            sentWeight = 0;
            othersWeight = 0;
        }
    }
}
