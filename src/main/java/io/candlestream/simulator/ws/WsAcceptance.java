package io.candlestream.simulator.ws;

import java.util.Objects;

/**
 * A protocol's yes to an upgrade request.
 *
 * @param subprotocol the subprotocol selected from the client's offer, echoed in {@code Sec-WebSocket-Protocol}, or null
 * @param session     the new connection's protocol state
 */
public record WsAcceptance<S>(String subprotocol, S session) {

    public WsAcceptance {
        Objects.requireNonNull(session, "session");
    }

    /** Accepted without a subprotocol. */
    public static <S> WsAcceptance<S> of(S session) {
        return new WsAcceptance<>(null, session);
    }
}
