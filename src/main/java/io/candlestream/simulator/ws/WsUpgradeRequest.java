package io.candlestream.simulator.ws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A valid WebSocket upgrade request as the protocol sees it when deciding to accept it.
 *
 * @param path         the request path, e.g. {@code /stream}
 * @param rawQuery     the query string as sent (not decoded), or null
 * @param subprotocols the subprotocols the client offered in {@code Sec-WebSocket-Protocol}, in its order of preference
 * @param headers      every request header, names in lower case
 */
public record WsUpgradeRequest(String path, String rawQuery, List<String> subprotocols, Map<String, String> headers) {

    public WsUpgradeRequest {
        subprotocols = List.copyOf(subprotocols);
        headers = Map.copyOf(headers);
    }

    /** The first subprotocol the client offered that the server also speaks (the client's preference wins). */
    public Optional<String> firstOffered(List<String> supported) {
        return subprotocols.stream().filter(supported::contains).findFirst();
    }

    /** The decoded value of the first query parameter called {@code name}. */
    public Optional<String> queryParameter(String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
