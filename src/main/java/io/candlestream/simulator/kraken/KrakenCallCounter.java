package io.candlestream.simulator.kraken;

import java.util.function.LongSupplier;

/**
 * Kraken's REST rate limit as the exchange keeps it: a call counter that every call raises by one and that decays at
 * a fixed rate; a call that would lift it above the maximum is refused with {@code EGeneral:Too many requests}
 * (https://docs.kraken.com/api/docs/guides/spot-rest-ratelimits/). All clients share it, as they share 127.0.0.1.
 * Thread-safe.
 */
final class KrakenCallCounter {

    private final double maximum;
    private final double perMilli;
    private final LongSupplier wallMillis;
    private double counter; // guarded by this
    private long updatedAt; // guarded by this

    KrakenCallCounter(int maximum, double decayPerSecond, LongSupplier wallMillis) {
        this.maximum = maximum;
        this.perMilli = decayPerSecond / 1000.0;
        this.wallMillis = wallMillis;
        this.updatedAt = wallMillis.getAsLong();
    }

    /** Counts a call; false (and not counted) if it would exceed the maximum. */
    synchronized boolean tryCall() {
        long now = wallMillis.getAsLong();
        counter = Math.max(0, counter - Math.max(0, now - updatedAt) * perMilli);
        updatedAt = now;
        if (counter + 1 > maximum) {
            return false;
        }
        counter += 1;
        return true;
    }

    /** Whole seconds until one more call would be allowed. */
    synchronized long secondsUntilAllowed() {
        double excess = counter + 1 - maximum;
        return excess <= 0 ? 0 : (long) Math.ceil(excess / perMilli / 1000.0);
    }
}
