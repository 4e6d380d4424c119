package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.SimClock;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands each block portion to the WebSocket server once the chain clock reaches the block's time, in block order,
 * except where the reorder fault holds a portion back and sends it right after its successor (two blocks swapped),
 * and a reorganisation's new branch, sent again at once. Blocks with only {@link OtherDexActivity} are not sent (no
 * subscription follows that pool), so socket faults counted in frames hit the served pools' portions. The chain is read anew at every check, so a reorganised
 * chain continues after the last block published.
 * Runs on its own scheduler thread, sleeping until the next block is due and re-checking at least every 100 ms.
 */
final class PortionPublisher {

    private static final System.Logger LOG = System.getLogger(PortionPublisher.class.getName());
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SimClock clock;
    private final Supplier<ChainLog> chain;
    private final Consumer<BlockPortion> sink;
    private final ScheduledExecutorService scheduler;
    private final BitqueryStats stats;
    private final AtomicInteger reordersPending = new AtomicInteger();
    private final Queue<BlockPortion> republish = new ConcurrentLinkedQueue<>();
    private ChainLog current; // confined to the publisher thread
    private int next; // confined to the publisher thread: index in current's portions
    private long lastPublishedBlock = Long.MIN_VALUE; // confined to the publisher thread
    private BlockPortion held; // confined to the publisher thread: a portion waiting for its successor

    PortionPublisher(SimClock clock, Supplier<ChainLog> chain, Consumer<BlockPortion> sink,
            ScheduledExecutorService scheduler, BitqueryStats stats) {
        this.clock = clock;
        this.chain = chain;
        this.sink = sink;
        this.scheduler = scheduler;
        this.stats = stats;
    }

    void start() {
        scheduler.execute(this::tick);
    }

    /** The next {@code pairs} due portions are each sent after the portion that follows them. */
    void reorderNext(int pairs) {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be >= 1, was " + pairs);
        }
        reordersPending.addAndGet(pairs);
    }

    /** Publishes {@code portions} (a reorganisation's new branch) at the next check, before any newer block. */
    void republish(List<BlockPortion> portions) {
        republish.addAll(portions);
    }

    private void tick() {
        long waitNanos = MAX_WAIT_NANOS;
        try {
            long now = clock.nowMillis();
            ChainLog latest = chain.get();
            if (latest != current) {
                current = latest;
                next = 0;
                while (next < latest.portions().size() && latest.portions().get(next).blockNumber() <= lastPublishedBlock) {
                    next++;
                }
            }
            for (BlockPortion again = republish.poll(); again != null; again = republish.poll()) {
                publish(again);
            }
            List<BlockPortion> portions = current.portions();
            while (next < portions.size() && portions.get(next).blockTime() * 1000 <= now) {
                BlockPortion portion = portions.get(next++);
                lastPublishedBlock = portion.blockNumber();
                if (portion.swaps().stream().allMatch(s -> s.pool().equals(SwapPool.OTHER))) {
                    continue; // the rest of the chain's activity is for queries; no subscription follows its pool
                }
                if (held != null) {
                    publish(portion);
                    publish(held);
                    stats.reorderedPortion();
                    held = null;
                } else if (next < portions.size() && reordersPending.get() > 0) {
                    reordersPending.decrementAndGet();
                    held = portion;
                } else {
                    publish(portion);
                }
            }
            if (next < portions.size()) {
                long simMillisLeft = portions.get(next).blockTime() * 1000 - now;
                waitNanos = Math.min(waitNanos, (long) Math.ceil(simMillisLeft * 1_000_000.0 / clock.speed()));
            }
        } catch (RuntimeException e) {
            stats.transport().internalError();
            LOG.log(System.Logger.Level.ERROR, "publishing block portions failed; retrying", e);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::tick, Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
        }
    }

    private void publish(BlockPortion portion) {
        stats.portionPublished(portion.swaps().size());
        sink.accept(portion);
    }
}
