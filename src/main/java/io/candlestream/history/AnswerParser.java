package io.candlestream.history;

import io.candlestream.feed.HistoryException;

/**
 * Turns the body of a 2xx answer into the request's result. Any exception rejects the answer: it is reported as
 * {@code pageRejected} and the request is retried like a 5xx, except a {@link HistoryException},
 * which fails the request at once (the answer is final, e.g. an unknown pair inside a 200).
 */
@FunctionalInterface
public interface AnswerParser<T> {

    T parse(String body) throws Exception;
}
