package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An Ethereum node on loopback that replays a log file (or synthetic Uniswap V3 swaps) as a live chain: standard
 * JSON-RPC over HTTP ({@link #rpcUrl()}) and WebSocket ({@link #wsUrl()}, with {@code eth_subscribe} newHeads and
 * logs), blocks mined as the simulated clock reaches their timestamps, reorgs and faults on demand.
 *
 * <pre>{@code
 * try (EthereumSimulator sim = EthereumSimulator.builder().replayCsv(usdcWeth).speed(1000).build()) {
 *     sim.start();
 *     connect(sim.wsUrl());            // eth_subscribe ["logs", {"address": pool}]
 *     sim.reorg(2, true);               // removed logs, new heads, new logs
 *     assertCandles(sim.minedCanonicalLogs());
 * }
 * }</pre>
 */
public final class EthereumSimulator implements AutoCloseable {

    /** The deepest reorg {@link #reorg} makes; deeper ones are {@link #deepReorg}. */
    public static final int MAX_SHALLOW_REORG = 3;

    private final EthereumSimulatorConfig config;
    private final Chain chain;
    private final EthereumStats stats = new EthereumStats();
    private final EthereumFaults faults = new EthereumFaults();
    private final WsServer<RpcSession, Notification> wsServer;
    private final SimHttpServer httpServer;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-eth-publisher"));
    private final ChainPublisher publisher;
    private final SimulatorServers servers;

    EthereumSimulator(EthereumSimulatorConfig config) {
        this.config = config;
        this.chain = new Chain(config.input(), config.clock());
        SocketFaultPlan socketPlan = new SocketFaultPlan();
        HttpFaultPlan httpPlan = new HttpFaultPlan();
        JsonRpcHandler handler = new JsonRpcHandler(new ObjectMapper(),
                new EthMethods(chain, config.pools(), faults, stats, config.blockTimestamps()), stats);
        this.wsServer = new WsServer<>(config.wsSettings(), socketPlan, stats.transport(),
                new RpcSocketProtocol(handler));
        faults.attach(new SimulatorFaults(socketPlan, httpPlan, wsServer));
        // JSON-RPC endpoints cost no request weight here; providers' rate limits are the injected 429s.
        RequestWeightLimiter limiter = new RequestWeightLimiter(Integer.MAX_VALUE, Duration.ofMinutes(1),
                System::currentTimeMillis, stats.transport().weightWindows());
        this.httpServer = new SimHttpServer(new RpcHttpProtocol(handler, faults, stats), limiter,
                new RetryAfterEnforcer(Duration.ofMillis(500), System::currentTimeMillis), httpPlan, stats.transport());
        this.servers = new SimulatorServers(wsServer, httpServer);
        this.publisher = new ChainPublisher(chain, wsServer, faults, stats, config.blockTimestamps(), config.clock(),
                scheduler);
    }

    /** A builder; the chain source is required. */
    public static EthereumSimulatorBuilder builder() {
        return new EthereumSimulatorBuilder();
    }

    /** Binds both servers to random loopback ports and starts the clock and the block announcements. */
    public synchronized void start() {
        servers.start(this::startFlow, this::stopFlow);
    }

    /** The clock and the flow, once both servers are bound. */
    private void startFlow() {
        config.clock().begin();
        publisher.start();
    }

    /** {@code ws://127.0.0.1:<port>}; any path is accepted (e.g. {@code /ws/v3/<key>}). */
    public String wsUrl() {
        requireStarted();
        return servers.wsUrl();
    }

    /** {@code http://127.0.0.1:<port>}; JSON-RPC by POST on any path. */
    public String rpcUrl() {
        requireStarted();
        return servers.httpUrl();
    }

    public SimClock clock() {
        return config.clock();
    }

    public EthereumFaults faults() {
        return faults;
    }

    public EthereumStats stats() {
        return stats;
    }

    /** The pools served and their tokens. */
    public Map<String, PoolTokens> pools() {
        return config.pools();
    }

    /** Whether log objects carry {@code blockTimestamp}. */
    public boolean blockTimestamps() {
        return config.blockTimestamps();
    }

    /** The chain's first block number ({@code earliest}). */
    public long firstBlock() {
        return chain.firstBlock();
    }

    /** The newest mined canonical block, or null while the clock is before the first block. */
    public BlockRef head() {
        long head = chain.head();
        return head < chain.firstBlock() ? null : chain.block(head);
    }

    /** Canonical block {@code number}, mined or not (number, hash, parent hash, timestamp). */
    public BlockRef blockAt(long number) {
        return chain.block(number);
    }

    /**
     * Replaces the newest {@code depth} (1..3) announced blocks: subscribers get the dropped logs with
     * {@code removed: true}, then per new block its header and its logs; HTTP serves the new chain only. With
     * {@code moveOneSwap} the range's last swap moves one block later (if that block is not mined yet it appears when
     * it is). Returns what changed.
     */
    public Reorg reorg(int depth, boolean moveOneSwap) {
        if (depth < 1 || depth > MAX_SHALLOW_REORG) {
            throw new IllegalArgumentException("depth must be 1.." + MAX_SHALLOW_REORG + ", was " + depth
                    + "; use deepReorg for deeper ones");
        }
        return reorgNow(depth, moveOneSwap);
    }

    /** A reorg deeper than a confirmation window (any depth >= 1 within the mined chain), moving one swap. */
    public Reorg deepReorg(int depth) {
        return deepReorg(depth, true);
    }

    /** A reorg of any depth >= 1 within the mined chain. */
    public Reorg deepReorg(int depth, boolean moveOneSwap) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, was " + depth);
        }
        return reorgNow(depth, moveOneSwap);
    }

    private Reorg reorgNow(int depth, boolean moveOneSwap) {
        requireStarted();
        return publisher.reorg(depth, moveOneSwap);
    }

    /** Every log of the current canonical chain, mined or not, in chain order: the ground truth of a whole replay. */
    public List<ChainLog> canonicalLogs() {
        return chain.allLogs();
    }

    /** The canonical logs of the blocks mined by now, in chain order. */
    public List<ChainLog> minedCanonicalLogs() {
        long head = chain.head();
        List<ChainLog> mined = new ArrayList<>();
        for (ChainLog log : chain.allLogs()) {
            if (log.blockNumber() > head) {
                break;
            }
            mined.add(log);
        }
        return mined;
    }

    private void requireStarted() {
        servers.requireStarted();
    }

    /** Stops the announcements and both servers and closes every connection. Idempotent. */
    @Override
    public void close() {
        servers.close();
    }

    /** Stops the flow; the servers close after it. */
    private void stopFlow() {
        scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "EthereumSimulator{pools=" + config.pools().keySet() + ", firstBlock=" + chain.firstBlock() + ", clock="
                + config.clock() + '}';
    }
}
