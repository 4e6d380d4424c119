package io.candlestream.simulator.kraken;

import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.SimulatorFaults;
import io.candlestream.simulator.SimulatorServers;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.SymbolSpec;
import io.candlestream.simulator.SyntheticTradeSource;
import io.candlestream.simulator.TradeLog;
import io.candlestream.simulator.TradePublisher;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.RequestWeightLimiter;
import io.candlestream.simulator.http.RetryAfterEnforcer;
import io.candlestream.simulator.http.SimHttpServer;
import io.candlestream.simulator.ws.SocketFaultPlan;
import io.candlestream.simulator.ws.WsServer;
import io.candlestream.simulator.ws.WsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Kraken-protocol spot exchange on loopback: a WebSocket v2 server for the {@code trade} channel (acks, heartbeats,
 * ping) and a REST server for {@code Trades}, {@code OHLC}, {@code AssetPairs} and {@code Time} with Kraken's call
 * counter, fed by a replayed or synthetic trade log on a simulated clock, with the same faults as the Binance one.
 *
 * <pre>{@code
 * try (KrakenSimulator sim = KrakenSimulator.builder().symbols("BTC/USD").build()) {
 *     sim.start();
 *     connect(sim.wsBaseUrl()); // ws://127.0.0.1:<port>/v2
 * }
 * }</pre>
 */
public final class KrakenSimulator implements AutoCloseable {

    private final SimClock clock;
    private final SimulatorStats stats = new SimulatorStats();
    private final Map<String, TradeLog<KrakenTrade>> logs = new LinkedHashMap<>();
    private final WsServer<KrakenWsSession, KrakenEvent> wsServer;
    private final SimHttpServer restServer;
    private final SimulatorFaults faults;
    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(1, new DaemonThreadFactory("kraken-sim-publisher"));
    private final TradePublisher<KrakenTrade> publisher;
    private final Duration heartbeatInterval;
    private final SimulatorServers servers;

    KrakenSimulator(KrakenSimulatorBuilder.Settings settings) {
        this.clock = settings.clock();
        this.heartbeatInterval = settings.heartbeatInterval();
        long startMillis = (settings.historyStart() != null ? settings.historyStart() : clock.start()).toEpochMilli();
        List<KrakenPair> pairs = new ArrayList<>();
        for (String symbol : settings.symbols()) {
            List<KrakenTrade> replayed = settings.replayed().get(symbol);
            SymbolSpec spec = SymbolSpec.forSymbol(symbol.replace("/", ""));
            pairs.add(KrakenPair.of(symbol, replayed != null ? priceDecimals(replayed) : spec.tickSize().scale()));
            TradeLog<KrakenTrade> log = replayed != null
                    ? new TradeLog<>(symbol, replayed.iterator(), true)
                    : new TradeLog<>(symbol, new SyntheticTradeSource<>(spec, settings.seed(), startMillis,
                            settings.tradesPerMinute(), settings.quietEvery().toMillis(), renamedTo(symbol)), false);
            if (settings.haltTradingAt() != null) {
                log.haltAfter(settings.haltTradingAt().toEpochMilli(), clock.nowMillis());
            }
            logs.put(symbol, log);
        }
        SocketFaultPlan socketPlan = new SocketFaultPlan();
        HttpFaultPlan restPlan = new HttpFaultPlan();
        this.wsServer = new WsServer<>(new WsSettings(settings.pingInterval(), settings.pongTimeout(),
                settings.maxConnectionAge(), Duration.ofSeconds(5)), socketPlan, stats,
                new KrakenStreamProtocol(logs.keySet(), symbol -> logs.get(symbol).visible(clock.nowMillis()), clock,
                        stats));
        RetryAfterEnforcer enforcer = new RetryAfterEnforcer(settings.retryAfterGrace(), System::currentTimeMillis);
        KrakenCallCounter counter = new KrakenCallCounter(settings.callCounterMax(), settings.callDecayPerSecond(),
                System::currentTimeMillis);
        // The generic weight limiter stays unused (every endpoint has weight 0): Kraken's counter decays instead.
        RequestWeightLimiter unused = new RequestWeightLimiter(Integer.MAX_VALUE, Duration.ofMinutes(1),
                System::currentTimeMillis, stats.weightWindows());
        this.restServer = new SimHttpServer(new KrakenRestProtocol(clock, Map.copyOf(logs), List.copyOf(pairs),
                counter, enforcer, stats), unused, enforcer, restPlan, stats);
        this.servers = new SimulatorServers(wsServer, restServer);
        this.faults = new SimulatorFaults(socketPlan, restPlan, wsServer);
        this.publisher = new TradePublisher<>(clock, new ArrayList<>(logs.values()),
                (trade, eventTime) -> wsServer.publish(new KrakenEvent.TradeEvent(trade)),
                symbol -> wsServer.anyConnection(session -> session.wants(symbol)), scheduler, stats);
    }

    /** A builder with Kraken's defaults. */
    public static KrakenSimulatorBuilder builder() {
        return new KrakenSimulatorBuilder();
    }

    /** Binds both servers to random loopback ports and starts the clock, the trades and the heartbeats. */
    public synchronized void start() {
        servers.start(this::startFlow, this::stopFlow);
    }

    /** The clock and the flow, once both servers are bound. */
    private void startFlow() {
        clock.begin();
        publisher.start();
        long every = heartbeatInterval.toMillis();
        scheduler.scheduleAtFixedRate(() -> {
            if (wsServer.anyConnection(KrakenWsSession::subscribedToAny)) {
                wsServer.publish(new KrakenEvent.Heartbeat());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** {@code ws://127.0.0.1:<port>/v2}, the simulated {@code wss://ws.kraken.com/v2}. */
    public String wsBaseUrl() {
        requireStarted();
        return servers.wsUrl() + "/v2";
    }

    /** {@code http://127.0.0.1:<port>}; append {@code /0/public/...}. */
    public String restBaseUrl() {
        requireStarted();
        return servers.httpUrl();
    }

    public SimClock clock() {
        return clock;
    }

    /** The pairs served, v2 form. */
    public List<String> symbols() {
        return List.copyOf(logs.keySet());
    }

    public SimulatorFaults faults() {
        return faults;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** Every trade of {@code symbol} whose time is at or before simulated now: the ground truth so far. */
    public List<KrakenTrade> publishedTrades(String symbol) {
        return log(symbol).visible(clock.nowMillis());
    }

    /** The complete trade log of {@code symbol}, future trades included; needs a replay or a halt time. */
    public List<KrakenTrade> allTrades(String symbol) {
        return log(symbol).all();
    }

    private TradeLog<KrakenTrade> log(String symbol) {
        TradeLog<KrakenTrade> log = logs.get(symbol.toUpperCase(Locale.ROOT));
        if (log == null) {
            throw new IllegalArgumentException("symbol: '" + symbol + "' is not served; symbols are " + logs.keySet());
        }
        return log;
    }

    /** Kraken's shape of the synthetic draws, with the spec's symbol ({@code BTCUSDT}) written as the pair. */
    private static SyntheticTradeSource.Shape<KrakenTrade> renamedTo(String symbol) {
        SyntheticTradeSource.Shape<KrakenTrade> shape = KrakenTrade.shape();
        return draw -> shape.of(new SyntheticTradeSource.Draw(symbol, draw.sequence(), draw.firstRawId(),
                draw.rawTrades(), draw.price(), draw.quantity(), draw.time(), draw.buyerMaker()));
    }

    private static int priceDecimals(List<KrakenTrade> trades) {
        return Math.max(1, new java.math.BigDecimal(trades.get(0).price()).stripTrailingZeros().scale());
    }

    private void requireStarted() {
        servers.requireStarted();
    }

    /** Stops the trade flow and both servers and closes every connection. Idempotent. */
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
        return "KrakenSimulator{symbols=" + logs.keySet() + ", clock=" + clock + '}';
    }
}
