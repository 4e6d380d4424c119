package io.candlestream.simulator.ws;

/**
 * What a feed's protocol decides on top of the WebSocket transport: which upgrade requests it accepts (path, query,
 * subprotocol), what a connection's own state is, how it answers the client's messages and how an event is framed for
 * a connection. Called from the transport's threads: {@link #accept} and the message callbacks from the connection's
 * reader thread, {@link #frame} from the publishing thread, so a session must be safe to read from both.
 *
 * @param <S> the protocol's per-connection state (subscriptions, for example)
 * @param <E> the events the protocol publishes (trades, notifications)
 */
public interface WsProtocol<S, E> {

    /**
     * Accepts an upgrade request, choosing the subprotocol (or none) and creating the connection's session, or refuses
     * it with {@link WsRejected} and its HTTP status (400 for a bad query or no acceptable subprotocol, 404 for an
     * unknown path).
     */
    WsAcceptance<S> accept(WsUpgradeRequest request) throws WsRejected;

    /** A complete text message from the client; reply, change the session or close through {@code connection}. */
    void onText(WsConnection<S> connection, String text);

    /** A complete binary message from the client; ignored unless the protocol says otherwise. */
    default void onBinary(WsConnection<S> connection, byte[] payload) {
    }

    /** The text frame that carries {@code event} to a connection with {@code session}, or null when it does not want it. */
    String frame(S session, E event);
}
