package io.candlestream.simulator.ethereum;

/**
 * A JSON-RPC error answer as nodes send it: the standard codes ({@code -32700} parse error, {@code -32600} invalid
 * request, {@code -32601} method not found, {@code -32602} invalid params) and the providers' own ({@code -32000},
 * {@code -32005}, {@code 3}, …), with the message the client sees.
 */
final class RpcFailure extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int SERVER_ERROR = -32000;

    private final int code;

    RpcFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static RpcFailure invalidParams(String message) {
        return new RpcFailure(INVALID_PARAMS, message);
    }

    int code() {
        return code;
    }
}
