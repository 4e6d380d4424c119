package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimulatorStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what the Ethereum node simulator did, so tests can assert that faults really happened: JSON-RPC calls and
 * errors, subscriptions and notifications, and each chain-level fault; {@link #transport()} holds the WebSocket and
 * HTTP counters (socket faults, 429s, 5xx, slow answers). Thread-safe.
 */
public final class EthereumStats {

    private final SimulatorStats transport = new SimulatorStats();
    private final AtomicLong rpcCalls = new AtomicLong();
    private final AtomicLong rpcErrors = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong silencedNotifications = new AtomicLong();
    private final AtomicLong logsBeforeHeaderBlocks = new AtomicLong();
    private final AtomicLong rangeLimitErrors = new AtomicLong();
    private final AtomicLong bareTooManyRequests = new AtomicLong();
    private final AtomicLong reorgs = new AtomicLong();
    private final AtomicLong removedLogNotifications = new AtomicLong();

    /** The transport's counters: connections, socket faults, HTTP requests, injected 429/5xx, slow answers. */
    public SimulatorStats transport() { return transport; }

    /** JSON-RPC calls answered (each call of a batch counts), over HTTP and WebSocket. */
    public long rpcCalls() { return rpcCalls.get(); }

    /** JSON-RPC calls answered with an error object, range-limit errors included. */
    public long rpcErrors() { return rpcErrors.get(); }

    /** {@code eth_subscribe} calls that created a subscription. */
    public long subscriptions() { return subscriptions.get(); }

    /** {@code eth_subscription} notifications handed to the WebSocket server. */
    public long notifications() { return notifications.get(); }

    /** Notifications not sent because their kind was silenced (the silent-subscription fault). */
    public long silencedNotifications() { return silencedNotifications.get(); }

    /** Blocks whose logs were sent before their header (the logs-before-header fault). */
    public long logsBeforeHeaderBlocks() { return logsBeforeHeaderBlocks.get(); }

    /** {@code eth_getLogs} calls refused by the range limit. */
    public long rangeLimitErrors() { return rangeLimitErrors.get(); }

    /** HTTP 429 answers without {@code Retry-After} (the injected ones with it are in {@link #transport()}). */
    public long bareTooManyRequests() { return bareTooManyRequests.get(); }

    /** Reorgs performed, shallow and deep. */
    public long reorgs() { return reorgs.get(); }

    /** Log notifications with {@code removed: true}. */
    public long removedLogNotifications() { return removedLogNotifications.get(); }

    void rpcCall(boolean error) {
        rpcCalls.incrementAndGet();
        if (error) {
            rpcErrors.incrementAndGet();
        }
    }

    void subscription() { subscriptions.incrementAndGet(); }

    void notification() { notifications.incrementAndGet(); }

    void silencedNotification() { silencedNotifications.incrementAndGet(); }

    void logsBeforeHeaderBlock() { logsBeforeHeaderBlocks.incrementAndGet(); }

    void rangeLimitError() { rangeLimitErrors.incrementAndGet(); }

    void bareTooManyRequest() { bareTooManyRequests.incrementAndGet(); }

    void reorg() { reorgs.incrementAndGet(); }

    void removedLogNotification() { removedLogNotifications.incrementAndGet(); }

    @Override
    public String toString() {
        return "EthereumStats{rpcCalls=" + rpcCalls + ", rpcErrors=" + rpcErrors + ", subscriptions=" + subscriptions
                + ", notifications=" + notifications + ", silenced=" + silencedNotifications + ", logsBeforeHeader="
                + logsBeforeHeaderBlocks + ", rangeLimitErrors=" + rangeLimitErrors + ", bare429=" + bareTooManyRequests
                + ", reorgs=" + reorgs + ", transport=" + transport + '}';
    }
}
