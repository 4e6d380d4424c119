package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorFaults;
import io.candlestream.simulator.SimulatorServers;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.RequestWeightLimiter;
import io.candlestream.simulator.http.RetryAfterEnforcer;
import io.candlestream.simulator.http.SimHttpServer;
import io.candlestream.simulator.ws.SocketFaultPlan;
import io.candlestream.simulator.ws.WsServer;
import io.candlestream.simulator.ws.WsSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Bitquery-style GraphQL streaming endpoint on loopback: DEX trades of Uniswap V3 pools over WebSocket
 * subscriptions (both subprotocols, one portion per block) and over HTTP queries (block ranges, datasets, paging),
 * replayed from decoded pool logs or generated from a seed on a simulated chain clock, with faults on demand.
 *
 * <pre>{@code
 * try (BitquerySimulator sim = BitquerySimulator.builder().replayTickCsv(Path.of("../shared/data/uniswap-v3-eth"))
 *         .token("test-token").build()) {
 *     sim.start();
 *     connect(sim.wsUrl() + "?token=test-token", "graphql-transport-ws");
 * }
 * }</pre>
 */
public final class BitquerySimulator implements AutoCloseable {

    /** A request-weight window's length: Bitquery's limits are per minute ({@code docs/plans/rate-limits.mdx}). */
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final SimClock clock;
    private final AtomicReference<ChainLog> chain = new AtomicReference<>();
    private final DatasetRules rules;
    private int branches; // guarded by this
    private final BitqueryStats stats = new BitqueryStats();
    private final WsServer<GraphqlWsSession, BlockPortion> wsServer;
    private final GraphqlWsProtocol wsProtocol;
    private final SimHttpServer httpServer;
    private final PortionPublisher publisher;
    private final BitqueryFaults faults;
    private final Duration keepAliveInterval;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-bitquery"));
    private final ScheduledExecutorService keepAlives =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-bitquery-ka"));
    private final SimulatorServers servers;

    BitquerySimulator(SimClock clock, List<DexSwap> swaps, String token, DatasetRules rules, int requestsPerMinute,
            Duration keepAliveInterval, Duration initTimeout) {
        this.clock = clock;
        this.chain.set(new ChainLog(swaps));
        this.rules = rules;
        this.keepAliveInterval = keepAliveInterval;
        TokenCheck tokens = new TokenCheck(token);
        GraphqlExecutor executor = new GraphqlExecutor(chain::get, rules, clock);
        SocketFaultPlan socketPlan = new SocketFaultPlan();
        HttpFaultPlan httpPlan = new HttpFaultPlan();
        this.wsProtocol = new GraphqlWsProtocol(executor, tokens, stats, initTimeout);
        // Bitquery's keep-alive is the GraphQL-level ka/pong; WebSocket pings are rare, the age limit a day.
        WsSettings settings = new WsSettings(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofHours(24),
                Duration.ofSeconds(5));
        this.wsServer = new WsServer<>(settings, socketPlan, stats.transport(), wsProtocol);
        RequestWeightLimiter limiter = new RequestWeightLimiter(requestsPerMinute, MINUTE, System::currentTimeMillis,
                stats.transport().weightWindows());
        // Bitquery answers every request over the limit with 429 and bans nobody: no grace ends.
        RetryAfterEnforcer enforcer = new RetryAfterEnforcer(Duration.ofDays(36_500), System::currentTimeMillis);
        this.httpServer = new SimHttpServer(new QueryProtocol(executor, tokens, stats), limiter, enforcer, httpPlan,
                stats.transport());
        this.servers = new SimulatorServers(wsServer, httpServer);
        this.publisher = new PortionPublisher(clock, chain::get, wsServer::publish, scheduler, stats);
        this.faults = new BitqueryFaults(new SimulatorFaults(socketPlan, httpPlan, wsServer), wsServer, publisher,
                stats, this::reorganise);
    }

    /** A builder with Bitquery's defaults. */
    public static BitquerySimulatorBuilder builder() {
        return new BitquerySimulatorBuilder();
    }

    /** Binds both servers to random loopback ports and starts the chain clock, the portions and the keep-alives. */
    public synchronized void start() {
        servers.start(this::startFlow, this::stopFlow);
    }

    /** The clock and the flow, once both servers are bound. */
    private void startFlow() {
        clock.begin();
        publisher.start();
        long period = keepAliveInterval.toMillis();
        keepAlives.scheduleAtFixedRate(() -> {
            try {
                wsServer.forEachConnection(wsProtocol::keepAlive);
            } catch (RuntimeException e) {
                stats.transport().internalError();
                System.getLogger(BitquerySimulator.class.getName())
                        .log(System.Logger.Level.ERROR, "keep-alive round failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** {@code ws://127.0.0.1:<port>/graphql}; append {@code ?token=<token>}. */
    public String wsUrl() {
        requireStarted();
        return servers.wsUrl() + "/graphql";
    }

    /** {@code http://127.0.0.1:<port>/graphql}, for POSTed queries with {@code Authorization: Bearer <token>}. */
    public String httpUrl() {
        requireStarted();
        return servers.httpUrl() + "/graphql";
    }

    public SimClock clock() {
        return clock;
    }

    public BitqueryFaults faults() {
        return faults;
    }

    public BitqueryStats stats() {
        return stats;
    }

    /**
     * Every swap served, future ones included, in chain order (block, then log index): the ground truth, which a
     * reorganisation changes (its new branch replaces the old blocks).
     */
    public List<DexSwap> allSwaps() {
        return chain.get().all();
    }

    /** The swaps whose block time the chain clock has reached, in chain order. */
    public List<DexSwap> minedSwaps() {
        long now = clock.nowMillis();
        return chain.get().all().stream().filter(s -> s.blockTime() * 1000 <= now).toList();
    }

    /**
     * Replaces the newest {@code depth} mined blocks with swaps by a new branch (see {@link ChainLog#reorganised}) and
     * publishes the new branch's portions at once; refused when the depth reaches a block the archive already holds,
     * since only realtime blocks may still be reorganised.
     */
    private synchronized void reorganise(int depth) {
        long now = clock.nowMillis();
        ChainLog before = chain.get();
        ChainLog after = before.reorganised(depth, now, ++branches);
        List<BlockPortion> mined = after.portions().stream().filter(p -> p.blockTime() * 1000 <= now).toList();
        List<BlockPortion> branch = mined.subList(Math.max(0, mined.size() - depth), mined.size());
        for (BlockPortion portion : branch) {
            if (!rules.holds(Dataset.REALTIME, portion.blockTime(), now)) {
                throw new IllegalStateException("reorg depth " + depth + " reaches block " + portion.blockNumber()
                        + ", which the archive holds already; only realtime blocks can be reorganised");
            }
        }
        chain.set(after);
        stats.reorg(branch.size());
        publisher.republish(branch);
    }

    private void requireStarted() {
        servers.requireStarted();
    }

    /** Stops the portions and keep-alives and both servers, closing every connection. Idempotent. */
    @Override
    public void close() {
        servers.close();
    }

    /** Stops the flow; the servers close after it. */
    private void stopFlow() {
        scheduler.shutdownNow();
        keepAlives.shutdownNow();
    }

    @Override
    public String toString() {
        return "BitquerySimulator{swaps=" + chain.get().all().size() + ", blocks=" + chain.get().portions().size() + ", clock="
                + clock + '}';
    }
}
