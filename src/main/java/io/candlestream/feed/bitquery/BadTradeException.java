package io.candlestream.feed.bitquery;

import io.candlestream.feed.MalformedFrameException;

/**
 * A DEXTrades row or GraphQL message that is not what Bitquery's schema allows, with an excerpt of what came; unchecked
 * so that it can leave a future's stage. The session turns it into a {@link MalformedFrameException}; the history
 * client's page check rejects the page with it (the page is asked again).
 */
final class BadTradeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String excerpt;

    BadTradeException(String message, String excerpt) {
        super(message);
        this.excerpt = excerpt;
    }

    String excerpt() {
        return excerpt;
    }

    MalformedFrameException toMalformed() {
        return new MalformedFrameException(getMessage(), excerpt);
    }
}
