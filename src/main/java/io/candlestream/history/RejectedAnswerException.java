package io.candlestream.history;

import io.candlestream.feed.MalformedFrameException;

/** An answer that parsed but failed the feed's checks (a page with a hole, the wrong range); it is asked for again. */
public final class RejectedAnswerException extends Exception {

    public RejectedAnswerException(String reason, String body) {
        super(reason + "; got: " + MalformedFrameException.excerpt(body));
    }
}
