package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.DaemonThreadFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone simulator's and the demo's fault schedule: one Bitquery fault per period in turns (a duplicated
 * portion, a reordered pair, close 1001, close 1013, silence longer than a client's timeout, a reset), so a client
 * meets each kind regularly, and a 429, a 503 and a slow query every half period.
 */
public final class BitqueryFaultTurns implements AutoCloseable {

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-bitquery-faults"));

    /** Starts the turns on {@code sim}, the first after one {@code period}. */
    public BitqueryFaultTurns(BitquerySimulator sim, Duration period) {
        long millis = Math.max(1_000, period.toMillis());
        AtomicInteger turn = new AtomicInteger();
        scheduler.scheduleAtFixedRate(() -> {
            switch (turn.getAndIncrement() % 6) {
                case 0 -> sim.faults().duplicateNextPortions(1);
                case 1 -> sim.faults().reorderNextPortions(1);
                case 2 -> sim.faults().closeGoingAway();
                case 3 -> sim.faults().closeConsumingTooSlowly();
                case 4 -> sim.faults().silence(Duration.ofSeconds(15));
                default -> sim.faults().closeAbruptly();
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> sim.faults().tooManyRequests(1, Duration.ofSeconds(2))
                .serverErrors(1, 503).slowQueries(1, Duration.ofSeconds(2)), millis / 2, millis / 2,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
