package io.candlestream.history;

/**
 * Turns the body of a 2xx answer into the request's result. Any exception rejects the answer: it is reported as
 * {@code pageRejected} and the request is retried like a 5xx.
 */
@FunctionalInterface
public interface AnswerParser<T> {

    T parse(String body) throws Exception;
}
