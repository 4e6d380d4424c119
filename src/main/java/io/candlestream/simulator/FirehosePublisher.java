package io.candlestream.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The firehose: trades as fast as the subscribers' connections drain them, for throughput benchmarks. On its own
 * thread it draws trades round-robin over the symbols, appends each to its symbol's (manual) log and releases it, so
 * the history API serves it, and only then hands it to the sink (the WebSocket server). It draws only while a
 * connection is subscribed and the fullest subscribed connection has fewer than {@code highWater} frames queued for
 * its socket: the send queue is the back-pressure, so a slow reader slows the firehose instead of being dropped.
 *
 * <p>Each log starts with one trade (drawn at {@link #start()}, before anyone can subscribe), so a client that
 * resolves its start position from history finds one. Ids per symbol are those of the symbol's source: strictly
 * increasing and contiguous for a synthetic source.
 */
public final class FirehosePublisher<T extends SimTrade> {

    private static final System.Logger LOG = System.getLogger(FirehosePublisher.class.getName());
    /** Most trades drawn in one round before the back-pressure is checked again. */
    static final int MAX_BATCH = 256;
    private static final long FULL_PAUSE_NANOS = 20_000;
    private static final long IDLE_PAUSE_NANOS = 1_000_000;

    /** How many frames the fullest subscribed connection has queued, or -1 when no connection is subscribed. */
    @FunctionalInterface
    public interface Backlog {
        int queuedFrames();
    }

    private final List<TradeLog<T>> logs;
    private final List<Supplier<T>> sources;
    private final TradePublisher.Sink<T> sink;
    private final Backlog backlog;
    private final int highWater;
    private final SimClock clock;
    private final SimulatorStats stats;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param logs      one manual log per symbol (see {@link TradeLog#manual})
     * @param sources   the trades of each symbol, in the order of {@code logs}
     * @param highWater frames queued on the fullest subscribed connection at which drawing pauses
     */
    public FirehosePublisher(List<TradeLog<T>> logs, List<Supplier<T>> sources, TradePublisher.Sink<T> sink,
            Backlog backlog, int highWater, SimClock clock, SimulatorStats stats) {
        if (logs.isEmpty() || logs.size() != sources.size()) {
            throw new IllegalArgumentException("one source per log, at least one log: " + logs.size() + " logs, "
                    + sources.size() + " sources");
        }
        if (highWater < 1) {
            throw new IllegalArgumentException("highWater must be >= 1, was " + highWater);
        }
        for (TradeLog<T> log : logs) {
            if (!log.isManual()) {
                throw new IllegalArgumentException("the firehose appends to manual logs; " + log.symbol() + " is not");
            }
        }
        this.logs = List.copyOf(logs);
        this.sources = List.copyOf(sources);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.highWater = highWater;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Draws each symbol's first trade into its log (history only) and starts the firehose thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the firehose is already started");
        }
        for (int i = 0; i < logs.size(); i++) {
            logs.get(i).append(List.of(sources.get(i).get()));
            logs.get(i).releaseAppended();
        }
        running = true;
        thread = DaemonThreadFactory.start("sim-firehose", this::run);
    }

    /** Stops drawing; the thread ends within a pause. */
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private void run() {
        int next = 0;
        List<List<T>> drawn = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            drawn.add(new ArrayList<>());
        }
        List<T> order = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                int queued = backlog.queuedFrames();
                if (queued < 0) {
                    LockSupport.parkNanos(IDLE_PAUSE_NANOS);
                    continue;
                }
                if (queued >= highWater) {
                    LockSupport.parkNanos(FULL_PAUSE_NANOS);
                    continue;
                }
                int batch = Math.min(MAX_BATCH, highWater - queued);
                order.clear();
                for (int n = 0; n < batch; n++) {
                    T trade = sources.get(next).get();
                    drawn.get(next).add(trade);
                    order.add(trade);
                    next = next + 1 == logs.size() ? 0 : next + 1;
                }
                // In history before on the wire: a client that backfills a hole finds every trade it missed.
                for (int i = 0; i < logs.size(); i++) {
                    List<T> trades = drawn.get(i);
                    if (!trades.isEmpty()) {
                        logs.get(i).append(trades);
                        logs.get(i).releaseAppended();
                        trades.clear();
                    }
                }
                long now = clock.nowMillis();
                for (T trade : order) {
                    sink.publish(trade, now);
                }
            } catch (RuntimeException e) {
                stats.internalError();
                LOG.log(System.Logger.Level.ERROR, "the firehose failed; stopping it", e);
                running = false;
            }
        }
    }
}
