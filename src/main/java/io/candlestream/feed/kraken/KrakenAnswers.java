package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.FeedAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kraken's REST answers: {@code {"error":[...],"result":{...}}}, with errors inside a 200. A rate limit is
 * {@code EGeneral:Too many requests} (public endpoints), {@code EAPI:Rate limit exceeded},
 * {@code EService:Throttled} or the lockout that follows ignoring them, {@code EGeneral:Temporary lockout}
 * (https://docs.kraken.com/api/docs/guides/spot-rest-ratelimits/): the client pauses the host and asks again.
 * {@code EService:*} (unavailable, busy) is transient and retried; any other error ({@code EQuery:Unknown asset pair},
 * {@code EGeneral:Invalid arguments}) is final. Stateless and thread-safe.
 */
final class KrakenAnswers implements FeedAnswers {

    static final KrakenAnswers INSTANCE = new KrakenAnswers();

    private static final List<String> RATE_LIMITS = List.of("EGeneral:Too many requests", "EAPI:Rate limit exceeded",
            "EService:Throttled", "EGeneral:Temporary lockout");

    private KrakenAnswers() {}

    @Override
    public Optional<String> rateLimit(int status, String body) {
        if (status == 429) {
            return Optional.of("HTTP 429");
        }
        if (body != null && body.contains("\"E")) {
            for (String limit : RATE_LIMITS) {
                if (body.contains(limit)) {
                    return Optional.of(limit);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String errorText(int status, String body) {
        List<String> errors = errorsOf(body);
        return errors.isEmpty() ? FeedAnswers.super.errorText(status, body) : "(Kraken error " + errors + ")";
    }

    /**
     * The {@code result} of a successful answer. Errors: {@code EService:*} is a {@link MalformedFrameException} (the
     * request is retried), anything else a {@link HistoryException} (final).
     */
    static JsonNode result(String body, String what) throws MalformedFrameException {
        JsonNode root = KrakenJson.readTree(body, "expected " + what + ": {\"error\":[],\"result\":{...}}");
        if (!root.isObject()) {
            throw new MalformedFrameException("expected " + what + " to be a JSON object, got " + root.getNodeType(),
                    body);
        }
        JsonNode error = root.path("error");
        if (error.isArray() && !error.isEmpty()) {
            List<String> errors = new ArrayList<>();
            error.forEach(e -> errors.add(e.asText()));
            if (errors.stream().allMatch(e -> e.startsWith("EService:"))) {
                throw new MalformedFrameException("expected " + what + ", Kraken answered the transient error "
                        + errors, body);
            }
            throw new HistoryException("Kraken refused the request for " + what + ": " + errors);
        }
        JsonNode result = root.get("result");
        if (result == null || result.isNull()) {
            throw new MalformedFrameException("expected field \"result\" in " + what + ", it is missing", body);
        }
        return result;
    }

    private static List<String> errorsOf(String body) {
        List<String> errors = new ArrayList<>();
        try {
            JsonNode root = KrakenJson.JSON.readTree(body);
            if (root != null) {
                root.path("error").forEach(e -> errors.add(e.asText()));
            }
        } catch (Exception e) {
            // not Kraken's envelope: the caller shows an excerpt
        }
        return errors;
    }
}
