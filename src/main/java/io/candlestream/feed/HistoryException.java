package io.candlestream.feed;

/** A history request that failed for good: retries exhausted, or an answer that no retry can change. */
public final class HistoryException extends RuntimeException {

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
