package io.candlestream.simulator.bitquery;

import java.util.Map;

/**
 * One WebSocket connection's GraphQL state: its subprotocol, whether {@code connection_init} was acknowledged, and
 * its one live subscription (id and document). Written by the connection's reader thread, read by the publisher and
 * the keep-alive thread, hence volatile; the subscription is one immutable value so it is seen whole.
 */
final class GraphqlWsSession {

    /** The subprotocol of Bitquery's current clients. */
    static final String TRANSPORT_WS = "graphql-transport-ws";
    /** The legacy subprotocol (subscriptions-transport-ws), still served by Bitquery. */
    static final String LEGACY_WS = "graphql-ws";

    /** A started subscription: its client id and the document executed for every block. */
    record LiveSubscription(String id, String query, String operationName, Map<String, Object> variables) {
    }

    private final String subprotocol;
    private final long openedNanos = System.nanoTime();
    private volatile boolean acknowledged;
    private volatile LiveSubscription subscription;

    GraphqlWsSession(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    String subprotocol() {
        return subprotocol;
    }

    boolean isLegacy() {
        return LEGACY_WS.equals(subprotocol);
    }

    long openedNanos() {
        return openedNanos;
    }

    boolean acknowledged() {
        return acknowledged;
    }

    void acknowledge() {
        acknowledged = true;
    }

    LiveSubscription subscription() {
        return subscription;
    }

    void subscribe(LiveSubscription live) {
        subscription = live;
    }

    /** Ends the subscription {@code id}; returns whether it was the live one. */
    boolean complete(String id) {
        LiveSubscription live = subscription;
        if (live != null && live.id().equals(id)) {
            subscription = null;
            return true;
        }
        return false;
    }
}
