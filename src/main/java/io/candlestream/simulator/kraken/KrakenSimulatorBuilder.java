package io.candlestream.simulator.kraken;

import io.candlestream.simulator.SimClock;
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

/** Collects a Kraken simulator's settings; {@link #build()} validates them all and names the option at fault. */
public final class KrakenSimulatorBuilder {

    private static final Pattern PAIR = Pattern.compile("[A-Z0-9]{1,16}/[A-Z0-9]{1,16}");

    /** The validated settings of one simulator. */
    record Settings(List<String> symbols, Map<String, List<KrakenTrade>> replayed, long seed, SimClock clock,
            double tradesPerMinute, Duration quietEvery, Instant haltTradingAt, Instant historyStart,
            int callCounterMax, double callDecayPerSecond, Duration retryAfterGrace, Duration heartbeatInterval,
            Duration pingInterval, Duration pongTimeout, Duration maxConnectionAge) {}

    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<String, Path> replays = new LinkedHashMap<>();
    private long seed = 1;
    private SimClock clock;
    private Double speed;
    private double tradesPerMinute = 60;
    private Duration quietEvery = Duration.ofMinutes(15);
    private Instant haltTradingAt;
    private Instant historyStart;
    private int callCounterMax = 15;
    private double callDecayPerSecond = 1.0;
    private Duration retryAfterGrace = Duration.ofMillis(500);
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration pingInterval = Duration.ofSeconds(20);
    private Duration pongTimeout = Duration.ofMinutes(1);
    private Duration maxConnectionAge = Duration.ofHours(24);

    KrakenSimulatorBuilder() {}

    /** Pairs with synthetic trades, in v2 form ({@code BTC/USD}); replayed pairs are added by {@link #replay}. */
    public KrakenSimulatorBuilder symbols(String... symbols) {
        for (String symbol : symbols) {
            this.symbols.add(Objects.requireNonNull(symbol, "symbol").toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** Replays {@code symbol}'s trades from a Kraken trade CSV (see {@link KrakenCsvReplay}). */
    public KrakenSimulatorBuilder replay(String symbol, Path csv) {
        replays.put(Objects.requireNonNull(symbol, "symbol").toUpperCase(Locale.ROOT), Objects.requireNonNull(csv, "csv"));
        return this;
    }

    /** Seed of the synthetic trades. Default 1. */
    public KrakenSimulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The simulated clock. Default: real time from now, or from the first replayed trade when replaying. */
    public KrakenSimulatorBuilder clock(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Speed of the default clock; cannot be combined with {@link #clock}. Default 1. */
    public KrakenSimulatorBuilder speed(double speed) {
        this.speed = speed;
        return this;
    }

    /** Mean synthetic trades per simulated minute, per pair. Default 60. */
    public KrakenSimulatorBuilder tradesPerMinute(double tradesPerMinute) {
        this.tradesPerMinute = tradesPerMinute;
        return this;
    }

    /** Mean simulated time between quiet stretches of the synthetic trades; zero turns them off. Default 15 min. */
    public KrakenSimulatorBuilder quietStretchEvery(Duration quietEvery) {
        this.quietEvery = Objects.requireNonNull(quietEvery, "quietEvery");
        return this;
    }

    /** No trade after this simulated instant, which makes every trade log finite. */
    public KrakenSimulatorBuilder haltTradingAt(Instant haltTradingAt) {
        this.haltTradingAt = Objects.requireNonNull(haltTradingAt, "haltTradingAt");
        return this;
    }

    /** Synthetic trades begin here instead of at the clock's start, so history exists before it. */
    public KrakenSimulatorBuilder historyStart(Instant historyStart) {
        this.historyStart = Objects.requireNonNull(historyStart, "historyStart");
        return this;
    }

    /** Kraken's call counter: its maximum and how fast it decays. Default 15 and 1 per second. */
    public KrakenSimulatorBuilder callCounter(int maximum, double decayPerSecond) {
        this.callCounterMax = maximum;
        this.callDecayPerSecond = decayPerSecond;
        return this;
    }

    /** How long after a rate limit further calls still count as in flight rather than earning a lockout. */
    public KrakenSimulatorBuilder retryAfterGrace(Duration retryAfterGrace) {
        this.retryAfterGrace = Objects.requireNonNull(retryAfterGrace, "retryAfterGrace");
        return this;
    }

    /** How often subscribed connections get a heartbeat. Default 1 s, as Kraken. */
    public KrakenSimulatorBuilder heartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        return this;
    }

    /** Age at which the server closes a connection. Default 24 h. */
    public KrakenSimulatorBuilder maxConnectionAge(Duration maxConnectionAge) {
        this.maxConnectionAge = Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
        return this;
    }

    /** Validates every setting, reads the replay files and creates the (not yet started) simulator. */
    public KrakenSimulator build() {
        List<String> all = new ArrayList<>(symbols);
        replays.keySet().stream().filter(s -> !symbols.contains(s)).forEach(all::add);
        require(!all.isEmpty(), "symbols: at least one pair (or a replay) is required");
        for (String symbol : all) {
            require(PAIR.matcher(symbol).matches(), "symbols: '" + symbol + "' is not a Kraken v2 pair like BTC/USD");
        }
        require(clock == null || speed == null, "speed: set either clock(...) or speed(...), not both");
        require(speed == null || (speed > 0 && !speed.isInfinite()), "speed: must be a finite number > 0, was " + speed);
        require(tradesPerMinute > 0 && tradesPerMinute <= 600_000,
                "tradesPerMinute: must be in (0, 600000], was " + tradesPerMinute);
        require(!quietEvery.isNegative(), "quietStretchEvery: must be zero (off) or positive, was " + quietEvery);
        require(callCounterMax >= 1, "callCounter: the maximum must be >= 1, was " + callCounterMax);
        require(callDecayPerSecond > 0 && !Double.isInfinite(callDecayPerSecond),
                "callCounter: the decay must be a finite number > 0 per second, was " + callDecayPerSecond);
        require(!retryAfterGrace.isNegative(), "retryAfterGrace: must not be negative, was " + retryAfterGrace);
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(maxConnectionAge, "maxConnectionAge");
        Map<String, List<KrakenTrade>> replayed = new LinkedHashMap<>();
        for (Map.Entry<String, Path> replay : replays.entrySet()) {
            require(Files.isReadable(replay.getValue()), "replay: no readable file "
                    + replay.getValue().toAbsolutePath() + " for " + replay.getKey());
            replayed.put(replay.getKey(), KrakenCsvReplay.read(replay.getKey(), replay.getValue()));
        }
        SimClock effective = clock != null ? clock : SimClock.accelerated(replayed.values().stream()
                .map(trades -> Instant.ofEpochMilli(trades.get(0).time())).min(Instant::compareTo)
                .orElse(Instant.ofEpochMilli(System.currentTimeMillis())), speed == null ? 1.0 : speed);
        require(historyStart == null || !historyStart.isAfter(effective.start()),
                "historyStart: must not be after the clock's start " + effective.start() + ", was " + historyStart);
        return new KrakenSimulator(new Settings(List.copyOf(all), Map.copyOf(replayed), seed, effective,
                tradesPerMinute, quietEvery, haltTradingAt, historyStart, callCounterMax, callDecayPerSecond,
                retryAfterGrace, heartbeatInterval, pingInterval, pongTimeout, maxConnectionAge));
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
