package io.candlestream.feed;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a history client talks to the history API: where, how long one request may take, how often and how patiently
 * it retries, and what share of the exchange's request-weight budget it may use.
 *
 * @param restUrl base URL of the history API, e.g. {@code https://api.binance.com}
 * @param requestTimeout the longest one HTTP request may take before it counts as failed and is retried
 * @param maxAttempts attempts per request before the request fails for good (and with it the task)
 * @param initialBackoff first retry delay; doubles per attempt, with full jitter
 * @param maxBackoff cap of the retry delay
 * @param weightBudget share (0..1] of the exchange's per-minute request weight this client may use
 */
public record HistorySettings(
        String restUrl,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double weightBudget) implements Serializable {

    /** Share of the exchange's request-weight limit a job uses by default. */
    public static final double DEFAULT_WEIGHT_BUDGET = 0.95;

    public HistorySettings {
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (!(weightBudget > 0 && weightBudget <= 1)) {
            throw new IllegalArgumentException("weightBudget must be in (0, 1], was " + weightBudget);
        }
    }

    /**
     * Production defaults for a base URL: 10 s requests, 8 attempts, 200 ms .. 30 s backoff, 95% of the exchange's
     * request-weight limit (the pacer counts exactly, so 5% is margin enough for the weight in flight).
     */
    public static HistorySettings defaults(String restUrl) {
        return new HistorySettings(
                restUrl, Duration.ofSeconds(10), 8, Duration.ofMillis(200), Duration.ofSeconds(30), DEFAULT_WEIGHT_BUDGET);
    }
}
