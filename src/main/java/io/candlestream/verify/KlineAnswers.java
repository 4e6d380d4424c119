package io.candlestream.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.history.FeedAnswers;
import java.io.IOException;
import java.util.Optional;

/** Binance's answers to the verification's requests: 429 and the 418 ban are rate limits; errors in Binance's body. */
final class KlineAnswers implements FeedAnswers {

    static final KlineAnswers INSTANCE = new KlineAnswers();

    private static final ObjectMapper JSON = new ObjectMapper();

    private KlineAnswers() {}

    @Override
    public Optional<String> rateLimit(int status, String body) {
        return status == 429 || status == 418 ? Optional.of("HTTP " + status) : Optional.empty();
    }

    @Override
    public String errorText(int status, String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.has("code") && root.has("msg")) {
                return "(Binance code " + root.get("code").asText() + ": " + root.get("msg").asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Binance's error format: the excerpt below
        }
        return FeedAnswers.super.errorText(status, body);
    }
}
