package io.candlestream.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures this JVM's heap while it is open. In a MiniCluster the TaskManager is this JVM, so its heap is the
 * TaskManager's heap (what {@code Status.JVM.Memory.Heap.Used} reports). Two peaks are kept:
 * <ul>
 *   <li>{@link #peakUsed()}: the heap in use, sampled every 20 ms on a daemon thread: live objects plus garbage not
 *       yet collected, so it depends on when the collector happens to run and on how large it lets the young
 *       generation grow;</li>
 *   <li>{@link #peakAfterGc()}: the heap left after each collection, from the collector's own notifications (young
 *       collections included): the live set the TaskManager must hold, which is what sizes its heap.</li>
 * </ul>
 */
final class HeapSampler implements AutoCloseable {

    private final Thread thread;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private final Set<String> heapPools;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakAfterGc;
    private volatile long collections;

    private HeapSampler() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        thread = new Thread(this::loop, "bench-heap-sampler");
        thread.setDaemon(true);
    }

    /** Starts measuring now. */
    static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(sampler.listener, null, null);
                sampler.emitters.add(emitter);
            }
        }
        sampler.peakUsed = used();
        sampler.thread.start();
        return sampler;
    }

    /** Heap in use now. */
    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A full collection, then the heap left: the live set now. */
    static long liveSetAfterFullGc() {
        System.gc();
        return used();
    }

    long peakUsed() {
        return peakUsed;
    }

    /** The largest heap left after a collection while open; 0 when none ran. */
    long peakAfterGc() {
        return peakAfterGc;
    }

    long collections() {
        return collections;
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                after += pool.getValue().getUsed();
            }
        }
        collections++;
        peakAfterGc = Math.max(peakAfterGc, after);
    }

    private void loop() {
        while (running) {
            peakUsed = Math.max(peakUsed, used());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
    }
}
