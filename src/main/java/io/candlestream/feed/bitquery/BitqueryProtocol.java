package io.candlestream.feed.bitquery;

import io.candlestream.config.InvalidOptionException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two GraphQL-over-WebSocket subprotocols Bitquery serves ({@code docs/subscriptions/websockets.md}) and the
 * message types that differ between them: {@code graphql-transport-ws} (enisdenjo/graphql-ws: subscribe, next,
 * ping/pong) and the legacy {@code graphql-ws} (apollographql/subscriptions-transport-ws: start, data, stop, ka).
 */
enum BitqueryProtocol {

    TRANSPORT_WS("graphql-transport-ws", "subscribe", "next", "complete"),
    LEGACY_WS("graphql-ws", "start", "data", "stop");

    private final String subprotocol;
    private final String subscribe;
    private final String data;
    private final String stop;

    BitqueryProtocol(String subprotocol, String subscribe, String data, String stop) {
        this.subprotocol = subprotocol;
        this.subscribe = subscribe;
        this.data = data;
        this.stop = stop;
    }

    /** The {@code Sec-WebSocket-Protocol} value. */
    String subprotocol() {
        return subprotocol;
    }

    /** The type of the message that starts a subscription. */
    String subscribe() {
        return subscribe;
    }

    /** The type of the message that carries a result. */
    String data() {
        return data;
    }

    /** The type of the message that ends a subscription from the client's side. */
    String stop() {
        return stop;
    }

    /** The protocol named {@code value} of {@code --bitquery-protocol}. */
    static BitqueryProtocol parse(String value) {
        String given = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (BitqueryProtocol protocol : values()) {
            if (protocol.subprotocol.equals(given)) {
                return protocol;
            }
        }
        throw new InvalidOptionException(BitqueryOptions.PROTOCOL, "'" + value + "' is not a subprotocol Bitquery "
                + "serves; allowed: " + Arrays.stream(values()).map(p -> p.subprotocol)
                        .collect(Collectors.joining(", ")));
    }
}
