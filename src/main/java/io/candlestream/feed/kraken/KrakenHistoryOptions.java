package io.candlestream.feed.kraken;

import java.io.Serializable;
import java.time.Duration;

/**
 * Kraken's own history limits. Kraken meters REST calls with a counter per client that each call raises by one and
 * that decays over time; past its maximum it answers {@code EGeneral:Too many requests} inside a 200, and calls that
 * keep coming meanwhile earn a longer lockout (https://docs.kraken.com/api/docs/guides/spot-rest-ratelimits/; the
 * public endpoints allow about one call per second per IP). The client keeps its own counter below that, so a rate
 * limit stays the exception, and waits {@code rateLimitWait} when one comes anyway (Kraken sends no
 * {@code Retry-After}).
 *
 * @param requestsPerSecond how fast the counter decays: the sustained request rate of all clients on one IP together
 * @param burst the counter's maximum: requests that may go at once after a quiet spell
 * @param rateLimitWait how long every request to Kraken waits after a rate-limit answer
 */
public record KrakenHistoryOptions(double requestsPerSecond, int burst, Duration rateLimitWait)
        implements Serializable {

    /** One request per second, Kraken's published rate for public endpoints. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 1.0;

    /** Requests that may go at once after a quiet spell: Kraken's lowest counter maximum is 15. */
    public static final int DEFAULT_BURST = 10;

    /** The wait after a rate-limit answer: Kraken's own advice is a few seconds. */
    public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

    public KrakenHistoryOptions {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive, was " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (rateLimitWait == null || rateLimitWait.isNegative()) {
            throw new IllegalArgumentException("rateLimitWait must be a non-negative duration, was " + rateLimitWait);
        }
    }

    /** Kraken's public limits: {@value #DEFAULT_REQUESTS_PER_SECOND}/s, a burst of {@value #DEFAULT_BURST}, 5 s wait. */
    public static KrakenHistoryOptions defaults() {
        return new KrakenHistoryOptions(DEFAULT_REQUESTS_PER_SECOND, DEFAULT_BURST, DEFAULT_RATE_LIMIT_WAIT);
    }
}
