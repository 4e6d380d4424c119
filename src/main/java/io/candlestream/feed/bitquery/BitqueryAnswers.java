package io.candlestream.feed.bitquery;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.FeedAnswers;

/**
 * Bitquery's HTTP answers for the shared client: 429 is the per-minute request limit (paused and retried by the
 * client); 401 and 403 mean the token is missing or wrong ({@code docs/start/errors.md}), said with where the token
 * comes from. Error texts are excerpts of the body, never of the request.
 */
final class BitqueryAnswers implements FeedAnswers {

    static final BitqueryAnswers INSTANCE = new BitqueryAnswers();

    private BitqueryAnswers() {}

    @Override
    public String errorText(int status, String body) {
        if (status == 401 || status == 403) {
            return "(Bitquery refused the token" + (status == 401 ? " as missing" : " as invalid") + ": check "
                    + BitqueryToken.secret().variable() + " or " + BitqueryToken.secret().fileVariable()
                    + " and that the token is active; body: " + MalformedFrameException.excerpt(body) + ")";
        }
        return "(body: " + MalformedFrameException.excerpt(body) + ")";
    }
}
