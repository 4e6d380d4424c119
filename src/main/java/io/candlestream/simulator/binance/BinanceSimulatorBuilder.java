package io.candlestream.simulator.binance;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.WsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects a simulator's settings; {@link #build()} validates them all and names the option at fault. */
public final class BinanceSimulatorBuilder {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,20}");

    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<String, Path> replays = new LinkedHashMap<>();
    private final Set<String> manualSymbols = new LinkedHashSet<>();
    private long seed = 1;
    private SimClock clock;
    private Double speed;
    private double tradesPerMinute = 60;
    private Instant haltTradingAt;
    private Duration quietEvery = Duration.ofMinutes(15);
    private int requestWeightLimit = 6_000;
    private Duration weightWindow = Duration.ofMinutes(1);
    private Duration retryAfterGrace = Duration.ofMillis(500);
    private Duration pingInterval = Duration.ofSeconds(20);
    private Duration pongTimeout = Duration.ofMinutes(1);
    private Duration maxConnectionAge = Duration.ofHours(24);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Instant historyServedFrom;
    private Instant historyStart;
    private boolean firehose;

    BinanceSimulatorBuilder() {
    }

    /** Symbols with synthetic trades (upper case, e.g. {@code BTCUSDT}); replayed symbols are added by {@link #replay}. */
    public BinanceSimulatorBuilder symbols(String... symbols) {
        for (String symbol : symbols) {
            this.symbols.add(Objects.requireNonNull(symbol, "symbol").toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /**
     * Symbols that trade only what the caller appends with {@link BinanceSimulator#appendTrades}: an appended trade
     * takes place (is published live and served on REST) once a connection is subscribed to its symbol, so a test
     * decides exactly what a subscriber receives live, whenever it connects.
     */
    public BinanceSimulatorBuilder manualSymbols(String... symbols) {
        for (String symbol : symbols) {
            this.manualSymbols.add(Objects.requireNonNull(symbol, "symbol").toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** Seed of the synthetic trades; the same seed, symbol and clock start give the same trades. Default 1. */
    public BinanceSimulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The simulated clock. Default: real time from now, or from the first replayed trade when replaying. */
    public BinanceSimulatorBuilder clock(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Speed of the default clock (simulated per wall millisecond); cannot be combined with {@link #clock}. Default 1. */
    public BinanceSimulatorBuilder speed(double speed) {
        this.speed = speed;
        return this;
    }

    /** Mean number of synthetic trades per simulated minute, per symbol. Default 60. */
    public BinanceSimulatorBuilder tradesPerMinute(double tradesPerMinute) {
        this.tradesPerMinute = tradesPerMinute;
        return this;
    }

    /** Replays {@code symbol}'s trades from a Binance aggTrades CSV instead of generating them. */
    public BinanceSimulatorBuilder replay(String symbol, Path csv) {
        replays.put(Objects.requireNonNull(symbol, "symbol").toUpperCase(Locale.ROOT), Objects.requireNonNull(csv, "csv"));
        return this;
    }

    /** No trade after this simulated instant (the clock keeps running), which makes every trade log finite. */
    public BinanceSimulatorBuilder haltTradingAt(Instant haltTradingAt) {
        this.haltTradingAt = Objects.requireNonNull(haltTradingAt, "haltTradingAt");
        return this;
    }

    /** Mean simulated time between quiet stretches (whole minutes without trades); zero turns them off. Default 15 min. */
    public BinanceSimulatorBuilder quietStretchEvery(Duration quietEvery) {
        this.quietEvery = Objects.requireNonNull(quietEvery, "quietEvery");
        return this;
    }

    /**
     * The history API serves no trade older than this simulated instant (as an exchange that prunes history); see
     * {@link BinanceSimulator#serveHistoryFrom}. Default: all history is served.
     */
    public BinanceSimulatorBuilder historyServedFrom(Instant historyServedFrom) {
        this.historyServedFrom = Objects.requireNonNull(historyServedFrom, "historyServedFrom");
        return this;
    }

    /**
     * Synthetic trades begin at this simulated instant instead of the clock's start, so the exchange already has the
     * history from there to the start when it opens (a bootstrap's range). Default: the clock's start.
     */
    public BinanceSimulatorBuilder historyStart(Instant historyStart) {
        this.historyStart = Objects.requireNonNull(historyStart, "historyStart");
        return this;
    }

    /** Request weight allowed per window. Default 6000, Binance's spot limit. */
    public BinanceSimulatorBuilder requestWeightLimit(int requestWeightLimit) {
        this.requestWeightLimit = requestWeightLimit;
        return this;
    }

    /** Length of the fixed wall-clock weight window. Default 1 minute; tests use shorter ones. */
    public BinanceSimulatorBuilder weightWindow(Duration weightWindow) {
        this.weightWindow = Objects.requireNonNull(weightWindow, "weightWindow");
        return this;
    }

    /** How long after a 429 further requests count as already in flight (429 again) rather than as ignoring it (418). */
    public BinanceSimulatorBuilder retryAfterGrace(Duration retryAfterGrace) {
        this.retryAfterGrace = Objects.requireNonNull(retryAfterGrace, "retryAfterGrace");
        return this;
    }

    /** How often the server pings each connection. Default 20 s, as Binance. */
    public BinanceSimulatorBuilder pingInterval(Duration pingInterval) {
        this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
        return this;
    }

    /** How long a ping may go unanswered before the connection is dropped. Default 1 minute, as Binance. */
    public BinanceSimulatorBuilder pongTimeout(Duration pongTimeout) {
        this.pongTimeout = Objects.requireNonNull(pongTimeout, "pongTimeout");
        return this;
    }

    /** Age at which the server closes a connection (close frame 1001). Default 24 h, as Binance. */
    public BinanceSimulatorBuilder maxConnectionAge(Duration maxConnectionAge) {
        this.maxConnectionAge = Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
        return this;
    }

    /**
     * The firehose: synthetic trades as fast as the subscribed connections drain them (the socket's send queue is the
     * back-pressure), each timed at the clock's now, in the normal wire format and served by the history API before it
     * is sent. For throughput benchmarks; {@link #tradesPerMinute} and quiet stretches no longer pace the trades, and
     * replayed, manual symbols and a halt time are refused. Default off.
     */
    public BinanceSimulatorBuilder firehose(boolean firehose) {
        this.firehose = firehose;
        return this;
    }

    /** Validates every setting, reads the replay files and creates the (not yet started) simulator. */
    public BinanceSimulator build() {
        List<String> allSymbols = new ArrayList<>(symbols);
        replays.keySet().stream().filter(s -> !symbols.contains(s)).forEach(allSymbols::add);
        for (String manual : manualSymbols) {
            require(!allSymbols.contains(manual), "manualSymbols: '" + manual
                    + "' is already a synthetic or replayed symbol");
            allSymbols.add(manual);
        }
        if (allSymbols.isEmpty()) {
            throw new IllegalArgumentException("symbols: at least one symbol (or a replay) is required");
        }
        for (String symbol : allSymbols) {
            require(SYMBOL.matcher(symbol).matches(), "symbols: '" + symbol + "' is not a symbol like BTCUSDT");
        }
        require(clock == null || speed == null, "speed: set either clock(...) or speed(...), not both");
        require(speed == null || (speed > 0 && !speed.isInfinite()), "speed: must be a finite number > 0, was " + speed);
        require(tradesPerMinute > 0 && tradesPerMinute <= 600_000,
                "tradesPerMinute: must be in (0, 600000], was " + tradesPerMinute);
        require(!quietEvery.isNegative(), "quietStretchEvery: must be zero (off) or positive, was " + quietEvery);
        require(requestWeightLimit >= 1, "requestWeightLimit: must be >= 1, was " + requestWeightLimit);
        requirePositive(weightWindow, "weightWindow");
        require(!retryAfterGrace.isNegative(), "retryAfterGrace: must not be negative, was " + retryAfterGrace);
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pongTimeout, "pongTimeout");
        requirePositive(maxConnectionAge, "maxConnectionAge");
        Map<String, List<AggTrade>> replayed = new LinkedHashMap<>();
        for (Map.Entry<String, Path> replay : replays.entrySet()) {
            require(Files.isReadable(replay.getValue()), "replay: no readable file " + replay.getValue().toAbsolutePath()
                    + " for " + replay.getKey());
            replayed.put(replay.getKey(), CsvTradeReplay.read(replay.getKey(), replay.getValue()));
        }
        require(!firehose || (replays.isEmpty() && manualSymbols.isEmpty()),
                "firehose: synthetic symbols only, no replay(...) or manualSymbols(...)");
        require(!firehose || haltTradingAt == null, "firehose: a firehose never halts; remove haltTradingAt(...)");
        SimClock effectiveClock = clock != null ? clock : defaultClock(replayed);
        require(historyStart == null || !historyStart.isAfter(effectiveClock.start()),
                "historyStart: must not be after the clock's start " + effectiveClock.start() + ", was " + historyStart);
        BinanceSimulator simulator = new BinanceSimulator(new SimulatorConfig(List.copyOf(allSymbols), seed,
                effectiveClock, tradesPerMinute, Map.copyOf(replays), replayed, haltTradingAt, quietEvery,
                requestWeightLimit, weightWindow, retryAfterGrace,
                new WsSettings(pingInterval, pongTimeout, maxConnectionAge, closeTimeout), historyStart,
                Set.copyOf(manualSymbols), firehose));
        if (historyServedFrom != null) {
            simulator.serveHistoryFrom(historyServedFrom);
        }
        return simulator;
    }

    // A replay starts at its first trade, so trades flow at once; synthetic trades start now.
    private SimClock defaultClock(Map<String, List<AggTrade>> replayed) {
        double effectiveSpeed = speed == null ? 1.0 : speed;
        Instant start = replayed.values().stream()
                .map(trades -> Instant.ofEpochMilli(trades.get(0).time()))
                .min(Instant::compareTo)
                .orElse(Instant.ofEpochMilli(System.currentTimeMillis()));
        return SimClock.accelerated(start, effectiveSpeed);
    }

    private static void requirePositive(Duration value, String option) {
        require(!value.isNegative() && !value.isZero(), option + ": must be > 0, was " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
