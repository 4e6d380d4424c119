package io.candlestream.source.reader;

import io.candlestream.feed.HistoryClient;
import io.candlestream.model.StreamId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the history API ({@link HistoryClient#probe}) for every stream without live trades for a probe interval. The
 * reader's split emitter turns an answer into a safe watermark (nothing missed), a gap up to the newest position (a
 * sparse stream no connection covered yet) or a backfill and a reconnect (the socket missed trades). One probe round
 * in flight at a time.
 */
final class QuietProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuietProbe.class);

    private final HistoryClient history;
    private final java.time.Duration publicationDelay;
    private final LiveBuffer buffer;
    private final long intervalNanos;
    private final ScheduledExecutorService scheduler;
    private final Map<StreamId, Long> lastLiveNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean roundInFlight = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    QuietProbe(HistoryClient history, java.time.Duration publicationDelay, LiveBuffer buffer,
            java.time.Duration interval, String name) {
        this.history = history;
        this.publicationDelay = publicationDelay;
        this.buffer = buffer;
        this.intervalNanos = interval.toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "candlestream-probe-" + name);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts watching a stream (as if it had just traded). */
    void watch(StreamId stream) {
        lastLiveNanos.put(stream, System.nanoTime());
    }

    void unwatch(StreamId stream) {
        lastLiveNanos.remove(stream);
    }

    /** Records live activity of a stream; called by the reader thread once per frame. */
    void liveActivity(StreamId stream) {
        lastLiveNanos.put(stream, System.nanoTime());
    }

    private void round() {
        long now = System.nanoTime();
        List<StreamId> quiet = lastLiveNanos.entrySet().stream()
                .filter(e -> now - e.getValue() >= intervalNanos)
                .map(Map.Entry::getKey)
                .toList();
        if (quiet.isEmpty() || !roundInFlight.compareAndSet(false, true)) {
            return;
        }
        var all = quiet.stream()
                .map(stream -> history.probe(stream, publicationDelay)
                        .thenAccept(answer -> buffer.offerControl(new LiveItem.Probe(answer))))
                .toArray(java.util.concurrent.CompletableFuture[]::new);
        java.util.concurrent.CompletableFuture.allOf(all)
                .whenComplete((ignored, error) -> {
                    roundInFlight.set(false);
                    long failed = error == null ? 0 : failures.incrementAndGet();
                    if (failed % 20 == 1) {
                        LOG.warn("Quiet-stream probe failed ({} so far); quiet streams' candles wait for their next "
                                + "trade or probe: {}", failed, error.toString());
                    }
                });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
