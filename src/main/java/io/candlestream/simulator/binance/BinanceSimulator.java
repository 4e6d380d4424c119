package io.candlestream.simulator.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.FirehosePublisher;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Binance-protocol spot exchange on loopback: a WebSocket server for {@code aggTrade} streams and a REST server for
 * {@code aggTrades} history, fed by a deterministic or replayed trade log on a simulated clock, with faults on demand.
 *
 * <pre>{@code
 * try (BinanceSimulator sim = BinanceSimulator.builder().symbols("BTCUSDT").seed(7).build()) {
 *     sim.start();
 *     connect(sim.wsBaseUrl() + "/stream?streams=btcusdt@aggTrade");
 * }
 * }</pre>
 */
public final class BinanceSimulator implements AutoCloseable {

    private final SimulatorConfig config;
    private final SimulatorStats stats = new SimulatorStats();
    private final Map<String, TradeLog<AggTrade>> logs = new LinkedHashMap<>();
    private final WsServer<StreamSession, AggTradeEvent> wsServer;
    private final SimHttpServer restServer;
    private final SimulatorFaults faults;
    private final ScheduledExecutorService publisherScheduler =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sim-publisher"));
    private final TradePublisher<AggTrade> publisher;
    private final FirehosePublisher<AggTrade> firehose; // null unless the firehose is on
    private final SimulatorServers servers;

    BinanceSimulator(SimulatorConfig config) {
        this.config = config;
        long startMillis = (config.historyStart() != null ? config.historyStart() : config.clock().start())
                .toEpochMilli();
        List<SymbolSpec> specs = new ArrayList<>();
        for (String symbol : config.symbols()) {
            SymbolSpec spec = SymbolSpec.forSymbol(symbol);
            specs.add(spec);
            if (config.manualSymbols().contains(symbol) || config.firehose()) {
                logs.put(symbol, TradeLog.manual(symbol));
                continue;
            }
            List<AggTrade> replayed = config.replayedTrades().get(symbol);
            TradeLog<AggTrade> log = replayed != null
                    ? new TradeLog<>(symbol, replayed.iterator(), true)
                    : new TradeLog<>(symbol, new SyntheticTradeSource<>(spec, config.seed(), startMillis,
                            config.tradesPerMinute(), config.quietEvery().toMillis(), AggTrade::of), false);
            if (config.haltTradingAt() != null) {
                log.haltAfter(config.haltTradingAt().toEpochMilli(), config.clock().nowMillis());
            }
            logs.put(symbol, log);
        }
        SocketFaultPlan socketPlan = new SocketFaultPlan();
        HttpFaultPlan restPlan = new HttpFaultPlan();
        this.wsServer = new WsServer<>(config.wsSettings(), socketPlan, stats,
                new StreamProtocol(new WsControlRequests(new ObjectMapper()), stats));
        RequestWeightLimiter limiter = new RequestWeightLimiter(config.requestWeightLimit(), config.weightWindow(),
                System::currentTimeMillis, stats.weightWindows());
        this.restServer = new SimHttpServer(
                new RestProtocol(config.clock(), Map.copyOf(logs), List.copyOf(specs), limiter, stats,
                        config.weightWindow()),
                limiter, new RetryAfterEnforcer(config.retryAfterGrace(), System::currentTimeMillis), restPlan, stats);
        this.servers = new SimulatorServers(wsServer, restServer);
        this.faults = new SimulatorFaults(socketPlan, restPlan, wsServer);
        this.publisher = new TradePublisher<>(config.clock(), new ArrayList<>(logs.values()),
                (trade, eventTime) -> wsServer.publish(new AggTradeEvent(trade, eventTime)),
                symbol -> wsServer.anyConnection(session -> session.wants(StreamNames.aggTrade(symbol))),
                publisherScheduler, stats);
        this.firehose = config.firehose() ? firehose(config, specs, startMillis) : null;
    }

    /** Frames queued on the connections subscribed to at least one stream pace the firehose. */
    static final int FIREHOSE_HIGH_WATER = 2_000;

    private FirehosePublisher<AggTrade> firehose(SimulatorConfig config, List<SymbolSpec> specs, long startMillis) {
        List<Supplier<AggTrade>> sources = new ArrayList<>();
        for (SymbolSpec spec : specs) {
            SyntheticTradeSource<AggTrade> source = new SyntheticTradeSource<>(spec, config.seed(), startMillis,
                    config.tradesPerMinute(), 0, AggTrade::of);
            // Prices, sizes and ids as the synthetic source draws them (repeated decimals share one string, so a
            // firehose's millions of trades fit in the heap), the time the clock's now (never decreasing).
            sources.add(() -> {
                AggTrade drawn = source.next();
                return new AggTrade(drawn.symbol(), drawn.aggId(), drawn.price(), drawn.quantity(), drawn.firstId(),
                        drawn.lastId(), config.clock().nowMillis(), drawn.buyerMaker());
            });
        }
        return new FirehosePublisher<>(new ArrayList<>(logs.values()), sources,
                (trade, eventTime) -> wsServer.publish(new AggTradeEvent(trade, eventTime)),
                () -> wsServer.maxQueuedFrames(StreamSession::wantsAny), FIREHOSE_HIGH_WATER, config.clock(), stats);
    }

    /** A builder with Binance's defaults. */
    public static BinanceSimulatorBuilder builder() {
        return new BinanceSimulatorBuilder();
    }

    /** Binds both servers to random loopback ports and starts the clock and the trade flow. */
    public synchronized void start() {
        servers.start(this::startFlow, this::stopFlow);
    }

    /** The clock and the flow, once both servers are bound. */
    private void startFlow() {
        config.clock().begin();
        if (firehose != null) {
            firehose.start();
        } else {
            publisher.start();
        }
    }

    /** {@code ws://127.0.0.1:<port>}; append {@code /ws/<stream>} or {@code /stream?streams=a/b}. */
    public String wsBaseUrl() {
        requireStarted();
        return servers.wsUrl();
    }

    /** {@code http://127.0.0.1:<port>}; append {@code /api/v3/...}. */
    public String restBaseUrl() {
        requireStarted();
        return servers.httpUrl();
    }

    public SimClock clock() {
        return config.clock();
    }

    /** The symbols served, upper case. */
    public List<String> symbols() {
        return config.symbols();
    }

    public SimulatorFaults faults() {
        return faults;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /**
     * No trade after {@code instant} of simulated time from now on, for every symbol; an instant already passed means
     * "now", since published trades are never taken back.
     */
    public void haltTradingAt(Instant instant) {
        long now = config.clock().nowMillis();
        logs.values().forEach(log -> log.haltAfter(instant.toEpochMilli(), now));
    }

    /**
     * From now on the history API ({@code aggTrades}) serves no trade older than {@code instant} of simulated time,
     * for every symbol, as an exchange that prunes old history: {@code fromId} or {@code startTime} before it answer
     * from the oldest trade still served. The WebSocket and {@link #publishedTrades} are unaffected.
     */
    public void serveHistoryFrom(Instant instant) {
        logs.values().forEach(log -> log.serveHistoryFrom(instant.toEpochMilli()));
    }

    /**
     * Appends trades to a manual symbol (see {@link BinanceSimulatorBuilder#manualSymbols}): ids must ascend and times
     * must not decrease. They take place, published live and served on REST, at the publisher's next check (within
     * about 100 ms) at which a connection is subscribed to the symbol; until then they wait.
     */
    public void appendTrades(String symbol, List<AggTrade> trades) {
        log(symbol).append(trades);
    }

    /** Every trade of {@code symbol} whose time is at or before simulated now: the ground truth so far. */
    public List<AggTrade> publishedTrades(String symbol) {
        return log(symbol).visible(config.clock().nowMillis());
    }

    /** The complete trade log of {@code symbol}, future trades included; needs a replay or a halt time. */
    public List<AggTrade> allTrades(String symbol) {
        return log(symbol).all();
    }

    private TradeLog<AggTrade> log(String symbol) {
        TradeLog<AggTrade> log = logs.get(symbol.toUpperCase(Locale.ROOT));
        if (log == null) {
            throw new IllegalArgumentException("symbol: '" + symbol + "' is not served; symbols are " + logs.keySet());
        }
        return log;
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
        publisherScheduler.shutdownNow();
        if (firehose != null) {
            firehose.stop();
        }
    }

    @Override
    public String toString() {
        return "BinanceSimulator{symbols=" + config.symbols() + ", clock=" + config.clock() + '}';
    }
}
