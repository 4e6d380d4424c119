package io.candlestream.source.reader;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The bounded hand-off between the socket thread and the reader's main thread. Trades never block the socket: when
 * the buffer is full, {@link #offerData} says so and the connection is dropped (its hole becomes a gap). Control
 * items (connection events, probe results) are few and always accepted.
 */
final class LiveBuffer {

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final ArrayBlockingQueue<LiveItem> data;
    private final ConcurrentLinkedQueue<LiveItem> control = new ConcurrentLinkedQueue<>();
    private final int capacity;
    private CompletableFuture<Void> available = new CompletableFuture<>(); // guarded by this

    LiveBuffer(int capacity) {
        this.capacity = capacity;
        this.data = new ArrayBlockingQueue<>(capacity);
    }

    /** Adds a data item unless the buffer is full; never blocks. */
    boolean offerData(LiveItem item) {
        boolean added = data.offer(item);
        if (added) {
            signal();
        }
        return added;
    }

    void offerControl(LiveItem item) {
        control.add(item);
        signal();
    }

    /** The next item, control items first; {@code null} when empty. */
    LiveItem poll() {
        LiveItem item = control.poll();
        return item != null ? item : data.poll();
    }

    /** The next control item only; {@code null} when there is none. */
    LiveItem pollControl() {
        return control.poll();
    }

    boolean isEmpty() {
        return control.isEmpty() && data.isEmpty();
    }

    int dataSize() {
        return data.size();
    }

    int capacity() {
        return capacity;
    }

    /** A future that completes when an item is (or becomes) available. */
    synchronized CompletableFuture<Void> availability() {
        if (!isEmpty()) {
            return AVAILABLE;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return available;
    }

    private synchronized void signal() {
        available.complete(null);
    }
}
