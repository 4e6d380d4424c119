package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.SimulatorStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the Bitquery simulator: the transports' own ({@link #transport()}: connections, frames, socket faults,
 * HTTP requests, injected 429/5xx, slow pages) and the protocol's (portions, subscriptions, keep-alives, queries,
 * refusals, reorders, 1013 closes), so tests can assert that faults really happened. Thread-safe.
 */
public final class BitqueryStats {

    private final SimulatorStats transport = new SimulatorStats();
    private final AtomicLong portionsPublished = new AtomicLong();
    private final AtomicLong tradesPublished = new AtomicLong();
    private final AtomicLong portionMessagesFramed = new AtomicLong();
    private final AtomicLong subscriptionsStarted = new AtomicLong();
    private final AtomicLong subscriptionsCompleted = new AtomicLong();
    private final AtomicLong keepAlivesSent = new AtomicLong();
    private final AtomicLong protocolCloses = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong queryErrors = new AtomicLong();
    private final AtomicLong tradesServed = new AtomicLong();
    private final AtomicLong reorderedPortions = new AtomicLong();
    private final AtomicLong tooSlowCloses = new AtomicLong();
    private final AtomicLong reorgs = new AtomicLong();
    private final AtomicLong reorgedBlocks = new AtomicLong();

    /** The transports' counters (WebSocket and HTTP); the socket and HTTP faults are counted there. */
    public SimulatorStats transport() { return transport; }

    /** Blocks with swaps whose time came and that were handed to the WebSocket server. */
    public long portionsPublished() { return portionsPublished.get(); }

    /** Swaps in the published portions (all pools). */
    public long tradesPublished() { return tradesPublished.get(); }

    /** {@code next}/{@code data} messages framed for a subscription (before socket faults duplicate or drop them). */
    public long portionMessagesFramed() { return portionMessagesFramed.get(); }

    public long subscriptionsStarted() { return subscriptionsStarted.get(); }

    /** Subscriptions the client ended ({@code complete}/{@code stop}). */
    public long subscriptionsCompleted() { return subscriptionsCompleted.get(); }

    /** {@code ka} (graphql-ws) and {@code pong} (graphql-transport-ws) keep-alive messages sent. */
    public long keepAlivesSent() { return keepAlivesSent.get(); }

    /** Connections the protocol closed for a client's mistake (4400, 4401, 4408, 4409, 4429). */
    public long protocolCloses() { return protocolCloses.get(); }

    /** WebSocket upgrades and HTTP queries refused for a missing or wrong token. */
    public long authFailures() { return authFailures.get(); }

    /** HTTP GraphQL queries executed (after the token check). */
    public long queries() { return queries.get(); }

    /** Queries and subscriptions answered with GraphQL errors. */
    public long queryErrors() { return queryErrors.get(); }

    /** DEXTrades rows returned by HTTP queries. */
    public long tradesServed() { return tradesServed.get(); }

    /** Portions published after their successor (the reorder fault). */
    public long reorderedPortions() { return reorderedPortions.get(); }

    /** Connections closed with 1013 (consuming too slowly). */
    public long tooSlowCloses() { return tooSlowCloses.get(); }

    /** Reorganisations injected, and the blocks they replaced. */
    public long reorgs() { return reorgs.get(); }

    public long reorgedBlocks() { return reorgedBlocks.get(); }

    void reorg(int blocks) { reorgs.incrementAndGet(); reorgedBlocks.addAndGet(blocks); }

    void portionPublished(int trades) { portionsPublished.incrementAndGet(); tradesPublished.addAndGet(trades); }

    void portionMessageFramed() { portionMessagesFramed.incrementAndGet(); }

    void subscriptionStarted() { subscriptionsStarted.incrementAndGet(); }

    void subscriptionCompleted() { subscriptionsCompleted.incrementAndGet(); }

    void keepAliveSent() { keepAlivesSent.incrementAndGet(); }

    void protocolClose() { protocolCloses.incrementAndGet(); }

    void authFailure() { authFailures.incrementAndGet(); }

    void query(int rows, boolean errors) {
        queries.incrementAndGet();
        tradesServed.addAndGet(rows);
        if (errors) {
            queryErrors.incrementAndGet();
        }
    }

    void subscriptionError() { queryErrors.incrementAndGet(); }

    void reorderedPortion() { reorderedPortions.incrementAndGet(); }

    void tooSlowClose() { tooSlowCloses.incrementAndGet(); }

    @Override
    public String toString() {
        return "BitqueryStats{portions=" + portionsPublished + ", trades=" + tradesPublished + ", framed="
                + portionMessagesFramed + ", subscriptions=" + subscriptionsStarted + ", keepAlives=" + keepAlivesSent
                + ", authFailures=" + authFailures + ", queries=" + queries + ", queryErrors=" + queryErrors
                + ", reordered=" + reorderedPortions + ", tooSlowCloses=" + tooSlowCloses + ", transport=" + transport
                + '}';
    }
}
