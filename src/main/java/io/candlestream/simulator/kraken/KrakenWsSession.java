package io.candlestream.simulator.kraken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One WebSocket v2 connection's state: the pairs subscribed to {@code trade}. Thread-safe: the reader thread
 * subscribes, the publisher reads.
 */
final class KrakenWsSession {

    private final Set<String> subscriptions = new LinkedHashSet<>(); // guarded by itself

    boolean wants(String symbol) {
        synchronized (subscriptions) {
            return subscriptions.contains(symbol);
        }
    }

    boolean subscribedToAny() {
        synchronized (subscriptions) {
            return !subscriptions.isEmpty();
        }
    }

    void subscribe(Collection<String> symbols) {
        synchronized (subscriptions) {
            subscriptions.addAll(symbols);
        }
    }

    void unsubscribe(Collection<String> symbols) {
        synchronized (subscriptions) {
            subscriptions.removeAll(symbols);
        }
    }

    List<String> subscriptions() {
        synchronized (subscriptions) {
            return new ArrayList<>(subscriptions);
        }
    }
}
