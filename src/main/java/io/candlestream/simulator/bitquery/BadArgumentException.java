package io.candlestream.simulator.bitquery;

/** An argument of a GraphQL document that the schema admits but the data cannot honour; its message names the argument. */
final class BadArgumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadArgumentException(String message) {
        super(message);
    }
}
