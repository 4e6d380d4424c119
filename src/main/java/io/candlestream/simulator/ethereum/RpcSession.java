package io.candlestream.simulator.ethereum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket connection's subscriptions. A new subscription stays pending until the reply that names it has been
 * queued, so no notification can reach the client before its subscription id. Thread-safe: the connection's reader
 * thread subscribes, the publisher reads.
 */
final class RpcSession {

    /** One {@code eth_subscribe}: its id, its kind and, for logs, its filter. */
    record Subscription(String id, SubscriptionKind kind, LogFilter filter) {
    }

    private final Map<String, Subscription> active = new LinkedHashMap<>(); // guarded by this
    private final List<Subscription> pending = new ArrayList<>(); // guarded by this

    synchronized void add(Subscription subscription) {
        pending.add(subscription);
    }

    /** Makes the subscriptions created by the last message live; called once its reply is queued. */
    synchronized void activatePending() {
        pending.forEach(subscription -> active.put(subscription.id(), subscription));
        pending.clear();
    }

    synchronized boolean remove(String id) {
        boolean wasPending = pending.removeIf(subscription -> subscription.id().equals(id));
        return active.remove(id) != null || wasPending;
    }

    synchronized boolean owns(String id) {
        return active.containsKey(id);
    }

    /** The live subscriptions, a snapshot in subscription order. */
    synchronized List<Subscription> subscriptions() {
        return List.copyOf(active.values());
    }
}
