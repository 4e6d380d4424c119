package io.candlestream.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Hands each trade to its sink (a protocol's WebSocket server) once the simulated clock has reached its time, never before, in id order
 * per symbol (and time order across symbols). Runs on its own scheduler thread; it sleeps until the next trade is due,
 * re-checking at least every {@link #MAX_WAIT_MILLIS} so a changed halt time or clock is noticed. The appended trades
 * of a manual symbol are released (take place) at such a check once a connection is subscribed to the symbol.
 */
public final class TradePublisher<T extends SimTrade> {

    private static final System.Logger LOG = System.getLogger(TradePublisher.class.getName());
    static final long MAX_WAIT_MILLIS = 100;

    /** Receives trades as they become due; called from the publisher thread only. */
    public interface Sink<T> {
        void publish(T trade, long eventTimeMillis);
    }

    private final SimClock clock;
    private final List<TradeLog<T>> logs;
    private final Sink<T> sink;
    private final Predicate<String> subscribed;
    private final ScheduledExecutorService scheduler;
    private final Map<TradeLog<T>, Integer> published = new LinkedHashMap<>(); // confined to the publisher thread
    private final SimulatorStats stats;

    /** @param subscribed whether a connection is subscribed to a symbol, which releases a manual log's trades */
    public TradePublisher(SimClock clock, List<TradeLog<T>> logs, Sink<T> sink, Predicate<String> subscribed,
            ScheduledExecutorService scheduler, SimulatorStats stats) {
        this.clock = clock;
        this.logs = List.copyOf(logs);
        this.sink = sink;
        this.subscribed = subscribed;
        this.scheduler = scheduler;
        this.stats = stats;
    }

    public void start() {
        scheduler.execute(this::tick);
    }

    private void tick() {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        try {
            long now = clock.nowMillis();
            List<T> due = new ArrayList<>();
            for (TradeLog<T> log : logs) {
                if (log.isManual() && subscribed.test(log.symbol())) {
                    log.releaseAppended();
                }
                int from = published.getOrDefault(log, 0);
                List<T> trades = log.visibleFrom(from, now);
                due.addAll(trades);
                published.put(log, from + trades.size());
            }
            // Stable sort: per-symbol id order is kept, symbols interleave by trade time.
            due.sort(Comparator.comparingLong(SimTrade::time));
            for (T trade : due) {
                sink.publish(trade, now);
            }
            long next = Long.MAX_VALUE;
            for (TradeLog<T> log : logs) {
                next = Math.min(next, log.nextTimeAfter(now));
            }
            if (next != Long.MAX_VALUE) {
                waitNanos = Math.min(waitNanos, clock.wallNanosUntil(next));
            }
        } catch (RuntimeException e) {
            stats.internalError();
            LOG.log(System.Logger.Level.ERROR, "publishing trades failed; retrying", e);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::tick, Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
        }
    }
}
