package io.candlestream.history;

import io.candlestream.feed.MalformedFrameException;
import java.util.Optional;

/**
 * A feed's reading of HTTP answers that the generic client cannot know: which answers mean "rate limited" besides
 * 429 (Binance's 418 ban, Kraken's {@code EGeneral:Too many requests} inside a 200), and the feed's error text.
 */
public interface FeedAnswers {

    /** Plain HTTP: only 429 is a rate limit; error bodies are shown as an excerpt. */
    FeedAnswers PLAIN = new FeedAnswers() {};

    /** A short reason (e.g. {@code "HTTP 429"}) if this answer asks the client to slow down, else empty. */
    default Optional<String> rateLimit(int status, String body) {
        return status == 429 ? Optional.of("HTTP 429") : Optional.empty();
    }

    /** The feed's error text for a failed answer, for messages (never contains request headers). */
    default String errorText(int status, String body) {
        return "(body: " + MalformedFrameException.excerpt(body) + ")";
    }
}
