package io.candlestream.simulator;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of everything the simulator did, so tests can assert that faults really happened and bans did not. Thread-safe. */
public final class SimulatorStats {

    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong connectionsOpen = new AtomicLong();
    private final AtomicLong tradesPublished = new AtomicLong();
    private final AtomicLong tradeFramesSent = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final AtomicLong pongTimeouts = new AtomicLong();
    private final AtomicLong ageLimitCloses = new AtomicLong();
    private final AtomicLong wsRequests = new AtomicLong();
    private final AtomicLong wsRequestErrors = new AtomicLong();
    private final Map<SocketFault, AtomicLong> socketFaults = new EnumMap<>(SocketFault.class);
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong weightLimit429s = new AtomicLong();
    private final AtomicLong weightUsed = new AtomicLong();
    private final WeightPerWindow weightPerWindow = new WeightPerWindow();
    private final AtomicLong injected429s = new AtomicLong();
    private final AtomicLong injected5xxs = new AtomicLong();
    private final AtomicLong slowPages = new AtomicLong();
    private final AtomicLong skippedIdPages = new AtomicLong();
    private final AtomicLong bans418 = new AtomicLong();
    private final AtomicLong restBadRequests = new AtomicLong();
    private final AtomicLong internalErrors = new AtomicLong();

    SimulatorStats() {
        for (SocketFault kind : SocketFault.values()) {
            socketFaults.put(kind, new AtomicLong());
        }
    }

    /** WebSocket connections accepted (handshake completed). */
    public long connectionsAccepted() { return connectionsAccepted.get(); }

    /** WebSocket connections currently open. */
    public long connectionsOpen() { return connectionsOpen.get(); }

    /** Trades whose time was reached and that were handed to the WebSocket server (with or without subscribers). */
    public long tradesPublished() { return tradesPublished.get(); }

    /** Trade frames written to connections, duplicates and corrupted ones included. */
    public long tradeFramesSent() { return tradeFramesSent.get(); }

    public long pingsSent() { return pingsSent.get(); }

    public long pongsReceived() { return pongsReceived.get(); }

    /** Connections closed because a ping went unanswered for the pong timeout. */
    public long pongTimeouts() { return pongTimeouts.get(); }

    /** Connections closed because they reached the maximum connection age. */
    public long ageLimitCloses() { return ageLimitCloses.get(); }

    /** SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS requests received, and those answered with an error. */
    public long wsRequests() { return wsRequests.get(); }

    public long wsRequestErrors() { return wsRequestErrors.get(); }

    /** Injected socket faults of one kind, counted once per affected connection. */
    public long socketFaults(SocketFault kind) { return socketFaults.get(kind).get(); }

    /** Injected socket faults of all kinds. */
    public long socketFaultsTotal() { return socketFaults.values().stream().mapToLong(AtomicLong::get).sum(); }

    public long restRequests() { return restRequests.get(); }

    /** Request weight counted against the limit (requests the limit admitted), all windows together. */
    public long weightUsed() { return weightUsed.get(); }

    /**
     * Request weight the limit admitted in each fixed window (aligned to the epoch, {@code weightWindow} long), keyed by
     * the window's start and ordered; windows in which nothing was admitted have no entry. A snapshot.
     */
    public SortedMap<Instant, Long> weightPerWindow() { return weightPerWindow.snapshot(); }

    /** 429s because the request-weight limit was exceeded (not injected ones). */
    public long weightLimit429s() { return weightLimit429s.get(); }

    public long injected429s() { return injected429s.get(); }

    public long injected5xxs() { return injected5xxs.get(); }

    public long slowPages() { return slowPages.get(); }

    public long skippedIdPages() { return skippedIdPages.get(); }

    /** 418 answers: requests that came while the client had been told to wait. A correct client never gets one. */
    public long bans418() { return bans418.get(); }

    /** REST requests answered 400. */
    public long restBadRequests() { return restBadRequests.get(); }

    /** Unexpected exceptions inside the simulator (each is also logged); tests should see 0. */
    public long internalErrors() { return internalErrors.get(); }

    void connectionAccepted() { connectionsAccepted.incrementAndGet(); connectionsOpen.incrementAndGet(); }

    void connectionClosed() { connectionsOpen.decrementAndGet(); }

    void tradePublished() { tradesPublished.incrementAndGet(); }

    void tradeFrameSent() { tradeFramesSent.incrementAndGet(); }

    void pingSent() { pingsSent.incrementAndGet(); }

    void pongReceived() { pongsReceived.incrementAndGet(); }

    void pongTimeout() { pongTimeouts.incrementAndGet(); }

    void ageLimitClose() { ageLimitCloses.incrementAndGet(); }

    void wsRequest(boolean error) {
        wsRequests.incrementAndGet();
        if (error) {
            wsRequestErrors.incrementAndGet();
        }
    }

    void socketFault(SocketFault kind) { socketFaults.get(kind).incrementAndGet(); }

    void restRequest() { restRequests.incrementAndGet(); }

    void weightLimit429() { weightLimit429s.incrementAndGet(); }

    void weightUsed(int weight) { weightUsed.addAndGet(weight); }

    /** Where the limiter records the weight it admits per window. */
    WeightPerWindow weightWindows() { return weightPerWindow; }

    void injected429() { injected429s.incrementAndGet(); }

    void injected5xx() { injected5xxs.incrementAndGet(); }

    void slowPage() { slowPages.incrementAndGet(); }

    void skippedIdPage() { skippedIdPages.incrementAndGet(); }

    void ban418() { bans418.incrementAndGet(); }

    void restBadRequest() { restBadRequests.incrementAndGet(); }

    void internalError() { internalErrors.incrementAndGet(); }

    @Override
    public String toString() {
        return "SimulatorStats{connections=" + connectionsAccepted + ", open=" + connectionsOpen + ", tradesPublished="
                + tradesPublished + ", tradeFramesSent=" + tradeFramesSent + ", socketFaults=" + socketFaults
                + ", restRequests=" + restRequests + ", weight429=" + weightLimit429s + ", injected429="
                + injected429s + ", injected5xx=" + injected5xxs + ", slowPages=" + slowPages + ", skippedIdPages="
                + skippedIdPages + ", bans418=" + bans418 + ", internalErrors=" + internalErrors + '}';
    }
}
