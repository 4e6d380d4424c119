package io.candlestream.simulator.http;

import java.time.Duration;
import java.util.Objects;

/**
 * An answer to write: status, body, the {@code Retry-After} seconds (0: no header) and how long to hold it back (a
 * slow page; the handler thread is not held meanwhile).
 */
public record HttpAnswer(int status, String body, long retryAfterSeconds, Duration delay) {

    public HttpAnswer {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(delay, "delay");
    }

    public static HttpAnswer ok(String body) {
        return new HttpAnswer(200, body, 0, Duration.ZERO);
    }

    public static HttpAnswer status(int status, String body) {
        return new HttpAnswer(status, body, 0, Duration.ZERO);
    }

    /** This answer, held back by {@code delay}. */
    public HttpAnswer delayedBy(Duration delay) {
        return new HttpAnswer(status, body, retryAfterSeconds, delay);
    }
}
