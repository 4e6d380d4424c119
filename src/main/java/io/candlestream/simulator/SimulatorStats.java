package io.candlestream.simulator;

import io.candlestream.simulator.http.HttpStats;
import io.candlestream.simulator.http.WeightPerWindow;
import io.candlestream.simulator.ws.SocketFault;
import io.candlestream.simulator.ws.WsStats;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of everything the simulator did, so tests can assert that faults really happened and bans did not. The
 * servers count through the {@link WsStats} and {@link HttpStats} callbacks, a protocol through the few methods of its
 * own (control requests, bad requests, skipped ids). Thread-safe.
 */
public final class SimulatorStats implements WsStats, HttpStats {

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
    private final Map<String, AtomicLong> requestsByEndpoint = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicLong> weightByEndpoint = new java.util.concurrent.ConcurrentHashMap<>();

    public SimulatorStats() {
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

    /**
     * REST requests each endpoint served (past injected faults and the weight limit), keyed by path (e.g.
     * {@code /api/v3/ticker/24hr}). A snapshot.
     */
    public Map<String, Long> requestsByEndpoint() { return snapshot(requestsByEndpoint); }

    /** Request weight counted against the limit per endpoint path, all windows together. A snapshot. */
    public Map<String, Long> weightByEndpoint() { return snapshot(weightByEndpoint); }

    /** REST requests the endpoint at {@code path} served. */
    public long requestsTo(String path) {
        AtomicLong count = requestsByEndpoint.get(path);
        return count == null ? 0 : count.get();
    }

    /** Request weight the endpoint at {@code path} was charged. */
    public long weightOf(String path) {
        AtomicLong weight = weightByEndpoint.get(path);
        return weight == null ? 0 : weight.get();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((path, count) -> copy.put(path, count.get()));
        return copy;
    }

    @Override
    public void endpointServed(String path, int weight) {
        requestsByEndpoint.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
        weightByEndpoint.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(weight);
    }

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

    @Override
    public void connectionAccepted() { connectionsAccepted.incrementAndGet(); connectionsOpen.incrementAndGet(); }

    @Override
    public void connectionClosed() { connectionsOpen.decrementAndGet(); }

    @Override
    public void tradePublished() { tradesPublished.incrementAndGet(); }

    @Override
    public void tradeFrameSent() { tradeFramesSent.incrementAndGet(); }

    @Override
    public void pingSent() { pingsSent.incrementAndGet(); }

    @Override
    public void pongReceived() { pongsReceived.incrementAndGet(); }

    @Override
    public void pongTimeout() { pongTimeouts.incrementAndGet(); }

    @Override
    public void ageLimitClose() { ageLimitCloses.incrementAndGet(); }

    public void wsRequest(boolean error) {
        wsRequests.incrementAndGet();
        if (error) {
            wsRequestErrors.incrementAndGet();
        }
    }

    @Override
    public void socketFault(SocketFault kind) { socketFaults.get(kind).incrementAndGet(); }

    @Override
    public void restRequest() { restRequests.incrementAndGet(); }

    @Override
    public void weightLimit429() { weightLimit429s.incrementAndGet(); }

    @Override
    public void weightUsed(int weight) { weightUsed.addAndGet(weight); }

    /** Where the limiter records the weight it admits per window. */
    public WeightPerWindow weightWindows() { return weightPerWindow; }

    @Override
    public void injected429() { injected429s.incrementAndGet(); }

    @Override
    public void injected5xx() { injected5xxs.incrementAndGet(); }

    @Override
    public void slowPage() { slowPages.incrementAndGet(); }

    public void skippedIdPage() { skippedIdPages.incrementAndGet(); }

    @Override
    public void ban418() { bans418.incrementAndGet(); }

    public void restBadRequest() { restBadRequests.incrementAndGet(); }

    @Override
    public void internalError() { internalErrors.incrementAndGet(); }

    @Override
    public String toString() {
        return "SimulatorStats{connections=" + connectionsAccepted + ", open=" + connectionsOpen + ", tradesPublished="
                + tradesPublished + ", tradeFramesSent=" + tradeFramesSent + ", socketFaults=" + socketFaults
                + ", restRequests=" + restRequests + ", weight429=" + weightLimit429s + ", injected429="
                + injected429s + ", injected5xx=" + injected5xxs + ", slowPages=" + slowPages + ", skippedIdPages="
                + skippedIdPages + ", bans418=" + bans418 + ", internalErrors=" + internalErrors + '}';
    }
}
