package io.candlestream.simulator.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Remembers until when clients were told to wait (by any 429) and recognises a client that calls again before then,
 * which Binance answers with 418 (an IP ban; the protocol picks the status). Requests that arrive within a short grace after the 429 are treated as
 * already in flight and get another 429 instead. All clients share one budget, as they share 127.0.0.1. Thread-safe.
 */
public final class RetryAfterEnforcer {

    private final long graceMillis;
    private final LongSupplier wallMillis;
    private long waitUntil; // guarded by this
    private long toldAt; // guarded by this

    public RetryAfterEnforcer(Duration grace, LongSupplier wallMillis) {
        this.graceMillis = grace.toMillis();
        this.wallMillis = wallMillis;
    }

    /** Records a 429 that told clients to wait {@code retryAfterSeconds}. */
    public synchronized void told(long retryAfterSeconds) {
        long now = wallMillis.getAsLong();
        if (now >= waitUntil) {
            // Only a fresh wait restarts the grace; otherwise a client hammering within the grace would never be banned.
            toldAt = now;
        }
        waitUntil = Math.max(waitUntil, now + retryAfterSeconds * 1000);
    }

    /** Seconds the client still had to wait, or 0 when it may call now. */
    public synchronized long secondsStillToWait() {
        long remaining = waitUntil - wallMillis.getAsLong();
        return remaining <= 0 ? 0 : (remaining + 999) / 1000;
    }

    /** Whether a request now ignores the wait (rather than having been in flight when the 429 went out). */
    public synchronized boolean ignoresWait() {
        long now = wallMillis.getAsLong();
        return now < waitUntil && now - toldAt >= graceMillis;
    }
}
