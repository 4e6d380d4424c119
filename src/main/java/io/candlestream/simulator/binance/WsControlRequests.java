package io.candlestream.simulator.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers the JSON requests a client sends on a stream connection ({@code SUBSCRIBE}, {@code UNSUBSCRIBE},
 * {@code LIST_SUBSCRIPTIONS}) with Binance's reply shapes and error codes. Stateless apart from the shared mapper.
 */
final class WsControlRequests {

    /** Binance's error codes for stream requests. */
    static final int ERROR_INVALID_REQUEST = 2;
    static final int ERROR_INVALID_JSON = 3;

    private final ObjectMapper mapper;

    WsControlRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A reply to send back, and whether it reports an error. */
    record Reply(String text, boolean error) {
    }

    /** Carries out {@code text} on a connection's {@code session} and returns the reply. */
    Reply handle(String text, StreamSession connection) {
        JsonNode request;
        try {
            request = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return error(ERROR_INVALID_JSON, "Invalid JSON: " + e.getOriginalMessage(), "null");
        }
        if (request == null || !request.isObject()) {
            return error(ERROR_INVALID_REQUEST, "Invalid request: expected a JSON object", "null");
        }
        JsonNode id = request.get("id");
        if (id == null || !(id.isIntegralNumber() && id.asLong() >= 0 || id.isTextual() || id.isNull())) {
            return error(ERROR_INVALID_REQUEST,
                    "Invalid request: request ID must be an unsigned integer, a string or null", "null");
        }
        String idJson = id.toString();
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            return error(ERROR_INVALID_REQUEST, "Invalid request: missing field `method`", idJson);
        }
        switch (method.asText()) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                Optional<List<String>> streams = streams(request.get("params"));
                if (streams.isEmpty()) {
                    return error(ERROR_INVALID_REQUEST,
                            "Invalid request: `params` must be an array of stream names like \"btcusdt@aggTrade\"",
                            idJson);
                }
                if (method.asText().equals("SUBSCRIBE")) {
                    connection.subscribe(streams.get());
                } else {
                    connection.unsubscribe(streams.get());
                }
                return ok("null", idJson);
            }
            case "LIST_SUBSCRIPTIONS" -> {
                return ok(BinanceWireFormat.stringArray(connection.subscriptions()), idJson);
            }
            default -> {
                return error(ERROR_INVALID_REQUEST, "Invalid request: unknown variant `" + method.asText()
                        + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`", idJson);
            }
        }
    }

    private static Optional<List<String>> streams(JsonNode params) {
        if (params == null || !params.isArray() || params.isEmpty()) {
            return Optional.empty();
        }
        List<String> streams = new ArrayList<>();
        for (JsonNode param : params) {
            Optional<String> stream = param.isTextual() ? StreamNames.canonical(param.asText()) : Optional.empty();
            if (stream.isEmpty()) {
                return Optional.empty();
            }
            streams.add(stream.get());
        }
        return Optional.of(streams);
    }

    private static Reply ok(String resultJson, String idJson) {
        return new Reply(BinanceWireFormat.wsResult(resultJson, idJson), false);
    }

    private static Reply error(int code, String msg, String idJson) {
        return new Reply(BinanceWireFormat.wsError(code, msg, idJson), true);
    }
}
