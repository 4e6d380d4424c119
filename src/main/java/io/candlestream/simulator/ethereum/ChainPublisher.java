package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.WsServer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Announces each newly mined block on the WebSocket: its {@code newHeads} notification, then its matching logs (the
 * logs-before-header fault swaps them), one notification per subscription; and performs reorgs on the same thread so
 * their removed logs, new heads and new logs keep their order among the others. Runs on one scheduler thread; it
 * sleeps until the next block is due, re-checking at least every {@value #MAX_WAIT_MILLIS} ms.
 */
final class ChainPublisher {

    private static final System.Logger LOG = System.getLogger(ChainPublisher.class.getName());
    static final long MAX_WAIT_MILLIS = 100;

    private final Chain chain;
    private final WsServer<RpcSession, Notification> server;
    private final EthereumFaults faults;
    private final EthereumStats stats;
    private final boolean blockTimestamps;
    private final SimClock clock;
    private final ScheduledExecutorService scheduler;
    private long lastAnnounced; // confined to the scheduler thread; inclusive: the newest block announced

    ChainPublisher(Chain chain, WsServer<RpcSession, Notification> server, EthereumFaults faults, EthereumStats stats,
            boolean blockTimestamps, SimClock clock, ScheduledExecutorService scheduler) {
        this.chain = chain;
        this.server = server;
        this.faults = faults;
        this.stats = stats;
        this.blockTimestamps = blockTimestamps;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Starts announcing the blocks mined from now on (those already mined are history). */
    void start() {
        scheduler.execute(() -> {
            lastAnnounced = chain.head();
            tick();
        });
    }

    private void tick() {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
        try {
            catchUp();
            long untilNext = chain.minedAtMillis(lastAnnounced + 1) - clock.nowMillis();
            waitNanos = Math.min(waitNanos, (long) Math.ceil(untilNext * 1_000_000.0 / clock.speed()));
        } catch (RuntimeException e) {
            stats.transport().internalError();
            LOG.log(System.Logger.Level.ERROR, "announcing blocks failed; retrying", e);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::tick, Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
        }
    }

    private void catchUp() {
        long head = chain.head();
        while (lastAnnounced < head) {
            announce(++lastAnnounced);
        }
    }

    private void announce(long number) {
        BlockRef block = chain.block(number);
        List<ChainLog> logs = chain.logs(number);
        if (faults.takeLogsBeforeHeader()) {
            stats.logsBeforeHeaderBlock();
            sendLogs(block, logs);
            sendHead(block);
        } else {
            sendHead(block);
            sendLogs(block, logs);
        }
    }

    /**
     * Replaces the newest {@code depth} announced blocks (after announcing every block mined by now) and sends, on
     * every logs subscription, the dropped logs with {@code removed: true}, then per new block its header and its logs.
     */
    Reorg reorg(int depth, boolean moveOneSwap) {
        Future<Reorg> done = scheduler.submit(() -> {
            catchUp();
            Reorg reorg = chain.replace(lastAnnounced, depth, moveOneSwap);
            stats.reorg();
            for (ChainLog log : reorg.droppedLogs()) {
                sendLog(log, reorg.oldBlock(log.blockNumber()), true);
            }
            for (BlockRef block : reorg.newBlocks()) {
                sendHead(block);
                sendLogs(block, chain.logs(block.number()));
            }
            return reorg;
        });
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the reorg failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reorg", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reorg did not complete within 30 s", e);
        }
    }

    private void sendHead(BlockRef block) {
        String header = null;
        for (RpcSession session : server.sessions()) {
            for (RpcSession.Subscription subscription : session.subscriptions()) {
                if (subscription.kind() == SubscriptionKind.NEW_HEADS) {
                    if (header == null) {
                        header = RpcWire.header(block).toString();
                    }
                    send(subscription, header);
                }
            }
        }
    }

    private void sendLogs(BlockRef block, List<ChainLog> logs) {
        for (ChainLog log : logs) {
            sendLog(log, block, false);
        }
    }

    private void sendLog(ChainLog log, BlockRef block, boolean removed) {
        String json = null;
        for (RpcSession session : server.sessions()) {
            for (RpcSession.Subscription subscription : session.subscriptions()) {
                if (subscription.kind() == SubscriptionKind.LOGS && subscription.filter().matches(log)) {
                    if (json == null) {
                        json = RpcWire.log(log, block, removed, blockTimestamps).toString();
                    }
                    if (send(subscription, json) && removed) {
                        stats.removedLogNotification();
                    }
                }
            }
        }
    }

    private boolean send(RpcSession.Subscription subscription, String result) {
        if (faults.silenced(subscription.kind())) {
            stats.silencedNotification();
            return false;
        }
        server.publish(new Notification(subscription.id(), RpcWire.notification(subscription.id(), result)));
        stats.notification();
        return true;
    }
}
