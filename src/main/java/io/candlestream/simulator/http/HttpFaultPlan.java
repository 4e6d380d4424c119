package io.candlestream.simulator.http;

import java.time.Duration;
import java.util.Set;

/**
 * HTTP faults armed on demand, each for the next N requests (or pages an endpoint serves): injected 429s, 5xx
 * answers, slow pages and pages that skip an item. Thread-safe.
 */
public final class HttpFaultPlan {

    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);

    /** What to do to one request before it is served normally. */
    public record Injected(int status, long retryAfterSeconds) {
    }

    private int tooManyRequests; // guarded by this
    private long tooManyRetryAfter; // guarded by this
    private int serverErrors; // guarded by this
    private int serverErrorStatus; // guarded by this
    private int slowPages; // guarded by this
    private Duration slowDelay = Duration.ZERO; // guarded by this
    private int skipIdPages; // guarded by this

    public synchronized void tooManyRequests(int count, Duration retryAfter) {
        requirePositive(count);
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("retryAfter must be at least 1 second, was " + retryAfter);
        }
        tooManyRequests = count;
        tooManyRetryAfter = retryAfter.toSeconds();
    }

    public synchronized void serverErrors(int count, int status) {
        requirePositive(count);
        if (!SERVER_ERRORS.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + SERVER_ERRORS + ", was " + status);
        }
        serverErrors = count;
        serverErrorStatus = status;
    }

    public synchronized void slowPages(int count, Duration delay) {
        requirePositive(count);
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be > 0, was " + delay);
        }
        slowPages = count;
        slowDelay = delay;
    }

    public synchronized void skipIdInPages(int count) {
        requirePositive(count);
        skipIdPages = count;
    }

    /** An injected status for the next request (429 first, then 5xx), or null to serve it. */
    public synchronized Injected nextInjected() {
        if (tooManyRequests > 0) {
            tooManyRequests--;
            return new Injected(429, tooManyRetryAfter);
        }
        if (serverErrors > 0) {
            serverErrors--;
            return new Injected(serverErrorStatus, 0);
        }
        return null;
    }

    /** The delay for the next page (an endpoint asks when it serves one), or zero. */
    public synchronized Duration nextPageDelay() {
        if (slowPages > 0) {
            slowPages--;
            return slowDelay;
        }
        return Duration.ZERO;
    }

    /** Whether the next page of at least three items should lose its middle trade; consumes one if so. */
    public synchronized boolean takeSkipId(int pageSize) {
        if (skipIdPages > 0 && pageSize >= 3) {
            skipIdPages--;
            return true;
        }
        return false;
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
    }
}
