package io.candlestream.feed.ethereum;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.FeedAnswers;
import java.util.Locale;
import java.util.Optional;

/**
 * How JSON-RPC providers say "slow down" besides HTTP 429: a 200 answer whose error is a rate limit (Infura's
 * "project ID request rate exceeded", Alchemy's "Your app has exceeded its compute units per second capacity",
 * QuickNode's "request limit reached"). A range that is too large is not a rate limit: the client splits it.
 */
final class JsonRpcAnswers implements FeedAnswers {

    static final JsonRpcAnswers INSTANCE = new JsonRpcAnswers();

    private JsonRpcAnswers() {}

    @Override
    public Optional<String> rateLimit(int status, String body) {
        if (status == 429) {
            return Optional.of("HTTP 429");
        }
        if (status == 200 && body.contains("\"error\"")) {
            String lower = body.toLowerCase(Locale.ROOT);
            if (lower.contains("rate exceeded") || lower.contains("rate limit") || lower.contains("too many requests")
                    || lower.contains("exceeded its compute units") || lower.contains("request limit reached")
                    || lower.contains("daily request count exceeded")) {
                return Optional.of("JSON-RPC rate limit: " + MalformedFrameException.excerpt(body));
            }
        }
        return Optional.empty();
    }
}
