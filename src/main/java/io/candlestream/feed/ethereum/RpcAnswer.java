package io.candlestream.feed.ethereum;

import com.fasterxml.jackson.databind.JsonNode;

/** One JSON-RPC answer: its result, or the error the node gave (code and message). */
record RpcAnswer(JsonNode result, Integer errorCode, String errorMessage) {

    boolean failed() {
        return errorCode != null;
    }
}
