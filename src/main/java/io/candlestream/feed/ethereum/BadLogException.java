package io.candlestream.feed.ethereum;

import io.candlestream.feed.MalformedFrameException;

/**
 * A log, head or answer that is not what the JSON-RPC API allows, with the frame it came in; unchecked so that it can
 * leave a future's stage. The session turns it into a {@link MalformedFrameException}; the history client's answer
 * check rejects the answer with it (the request is retried).
 */
final class BadLogException extends RuntimeException {

    private final String excerpt;

    BadLogException(String message, String excerpt) {
        super(message);
        this.excerpt = excerpt;
    }

    MalformedFrameException toMalformed() {
        return new MalformedFrameException(getMessage(), excerpt);
    }
}
