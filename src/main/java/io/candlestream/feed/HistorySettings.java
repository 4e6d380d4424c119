package io.candlestream.feed;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a history client talks to the history API: where, how long one request may take, and how often and how
 * patiently it retries. Feed-specific limits (Binance's request-weight budget) are the feed's own settings.
 *
 * @param restUrl base URL of the history API, e.g. {@code https://api.binance.com}
 * @param requestTimeout the longest one HTTP request may take before it counts as failed and is retried
 * @param maxAttempts attempts per request before the request fails for good (and with it the task)
 * @param initialBackoff first retry delay; doubles per attempt, with full jitter
 * @param maxBackoff cap of the retry delay
 */
public record HistorySettings(
        String restUrl,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff) implements Serializable {

    public HistorySettings {
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff
                    + "), was " + maxBackoff);
        }
    }

    /** Production defaults for a base URL: 10 s requests, 8 attempts, 200 ms .. 30 s backoff. */
    public static HistorySettings defaults(String restUrl) {
        return new HistorySettings(
                restUrl, Duration.ofSeconds(10), 8, Duration.ofMillis(200), Duration.ofSeconds(30));
    }
}
