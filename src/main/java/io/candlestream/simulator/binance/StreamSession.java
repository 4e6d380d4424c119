package io.candlestream.simulator.binance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One stream connection's state: whether it is a combined-stream connection ({@code /stream}, payloads wrapped in
 * {@code {"stream":…,"data":…}}) and the streams it is subscribed to. Thread-safe: the reader thread subscribes, the
 * publisher reads.
 */
final class StreamSession {

    private final boolean combined;
    private final Set<String> subscriptions = new LinkedHashSet<>(); // guarded by itself

    StreamSession(boolean combined, Collection<String> streams) {
        this.combined = combined;
        subscriptions.addAll(streams);
    }

    boolean isCombined() {
        return combined;
    }

    boolean wants(String stream) {
        synchronized (subscriptions) {
            return subscriptions.contains(stream);
        }
    }

    /** Whether the connection is subscribed to any stream. */
    boolean wantsAny() {
        synchronized (subscriptions) {
            return !subscriptions.isEmpty();
        }
    }

    void subscribe(Collection<String> streams) {
        synchronized (subscriptions) {
            subscriptions.addAll(streams);
        }
    }

    void unsubscribe(Collection<String> streams) {
        synchronized (subscriptions) {
            subscriptions.removeAll(streams);
        }
    }

    List<String> subscriptions() {
        synchronized (subscriptions) {
            return new ArrayList<>(subscriptions);
        }
    }
}
