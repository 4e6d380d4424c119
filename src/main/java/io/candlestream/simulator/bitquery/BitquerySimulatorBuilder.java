package io.candlestream.simulator.bitquery;

import io.candlestream.simulator.SimClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Collects a Bitquery simulator's settings; {@link #build()} validates them all and names the option at fault. */
public final class BitquerySimulatorBuilder {

    /** The first block of synthetic swaps: a mainnet height of early 2024. */
    static final long SYNTHETIC_FIRST_BLOCK = 19_000_000;

    private final List<DexSwap> swaps = new ArrayList<>();
    private final List<Path> tickCsvs = new ArrayList<>();
    private final Map<String, SwapPool> pools = new LinkedHashMap<>();
    private List<SwapPool> syntheticPools;
    private long syntheticSeed;
    private int syntheticBlocks = 7_200; // a day of 12 s blocks
    private Instant syntheticStart;
    private SimClock clock;
    private Double speed;
    private String token;
    private Duration archiveDelay = Duration.ofHours(1);
    private Duration realtimeWindow = Duration.ofHours(8);
    private int requestsPerMinute = 240;
    private Duration keepAliveInterval = Duration.ofSeconds(5);
    private Duration initTimeout = Duration.ofSeconds(10);
    private Duration otherActivityTail;

    BitquerySimulatorBuilder() {
        SwapPool.KNOWN.forEach(p -> pools.put(p.address(), p));
    }

    /** Serves these swaps (added to any replayed or synthetic ones). */
    public BitquerySimulatorBuilder swaps(List<DexSwap> swaps) {
        this.swaps.addAll(Objects.requireNonNull(swaps, "swaps"));
        return this;
    }

    /**
     * Replays the {@code SWAP} rows of decoded Uniswap V3 pool logs ({@code *.pool.tick.csv}); a directory stands for
     * its {@code *.pool.tick.csv} files. The pool is the address in the file name; see {@link #pool}.
     */
    public BitquerySimulatorBuilder replayTickCsv(Path... files) {
        for (Path file : files) {
            tickCsvs.add(Objects.requireNonNull(file, "file"));
        }
        return this;
    }

    /** Makes a pool's tokens known to {@link #replayTickCsv} (the two pools of the shared data are known already). */
    public BitquerySimulatorBuilder pool(SwapPool pool) {
        pools.put(Objects.requireNonNull(pool, "pool").address(), pool);
        return this;
    }

    /** Generates swaps of {@code pools} from {@code seed}: one block per 12 s, a day of blocks unless {@link #syntheticBlocks}. */
    public BitquerySimulatorBuilder synthetic(List<SwapPool> pools, long seed) {
        this.syntheticPools = List.copyOf(Objects.requireNonNull(pools, "pools"));
        this.syntheticSeed = seed;
        return this;
    }

    /** How many blocks the synthetic chain has. Default 7200 (a day). */
    public BitquerySimulatorBuilder syntheticBlocks(int blocks) {
        this.syntheticBlocks = blocks;
        return this;
    }

    /** When the first synthetic block is mined. Default: the clock's start, so the chain grows from then on. */
    public BitquerySimulatorBuilder syntheticStart(Instant start) {
        this.syntheticStart = Objects.requireNonNull(start, "syntheticStart");
        return this;
    }

    /** The chain clock. Default: the first swap's block time, at {@link #speed} (default real time). */
    public BitquerySimulatorBuilder clock(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Speed of the default clock (chain milliseconds per wall millisecond); not with {@link #clock}. Default 1. */
    public BitquerySimulatorBuilder speed(double speed) {
        this.speed = speed;
        return this;
    }

    /** The one token the simulator accepts (required): {@code ?token=} on the socket, {@code Bearer} on HTTP. */
    public BitquerySimulatorBuilder token(String token) {
        this.token = Objects.requireNonNull(token, "token");
        return this;
    }

    /** How far the {@code archive} dataset lags behind the chain. Default 1 h ("tens of minutes to several hours"). */
    public BitquerySimulatorBuilder archiveDelay(Duration archiveDelay) {
        this.archiveDelay = Objects.requireNonNull(archiveDelay, "archiveDelay");
        return this;
    }

    /** How far back the {@code realtime} dataset reaches. Default 8 h. */
    public BitquerySimulatorBuilder realtimeWindow(Duration realtimeWindow) {
        this.realtimeWindow = Objects.requireNonNull(realtimeWindow, "realtimeWindow");
        return this;
    }

    /** HTTP queries allowed per wall-clock minute before 429. Default 240 (Bitquery's Scale plan). */
    public BitquerySimulatorBuilder requestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
        return this;
    }

    /** How often an acknowledged connection gets {@code ka} (graphql-ws) or {@code pong} (graphql-transport-ws). Default 5 s. */
    public BitquerySimulatorBuilder keepAliveInterval(Duration keepAliveInterval) {
        this.keepAliveInterval = Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        return this;
    }

    /** How long a connection may stay without {@code connection_init} before close 4408. Default 10 s. */
    public BitquerySimulatorBuilder connectionInitTimeout(Duration initTimeout) {
        this.initTimeout = Objects.requireNonNull(initTimeout, "connectionInitTimeout");
        return this;
    }

    /**
     * Gives every block of the chain a DEX trade, as mainnet has: each block without a served swap gets one swap of
     * another pool ({@link SwapPool#OTHER}), from the first served block to {@code tail} after the last, one block per
     * 12 s there. Filtered by the served pools nothing changes; an unfiltered query's newest block moves with the
     * chain clock, so a client's confirmations and probes see the head as on mainnet. Off by default.
     */
    public BitquerySimulatorBuilder otherDexActivity(Duration tail) {
        this.otherActivityTail = Objects.requireNonNull(tail, "otherDexActivity");
        return this;
    }

    /** Validates every setting, reads the replay files, generates the synthetic swaps and creates the simulator. */
    public BitquerySimulator build() {
        require(token != null && !token.isBlank(), "token: required (the token clients must present); tests and the"
                + " demo pass their own, BitquerySimulatorMain reads CANDLESTREAM_BITQUERY_TOKEN");
        require(clock == null || speed == null, "speed: set either clock(...) or speed(...), not both");
        require(speed == null || (speed > 0 && !speed.isInfinite()), "speed: must be a finite number > 0, was " + speed);
        require(requestsPerMinute >= 1, "requestsPerMinute: must be >= 1, was " + requestsPerMinute);
        requirePositive(keepAliveInterval, "keepAliveInterval");
        requirePositive(initTimeout, "connectionInitTimeout");
        DatasetRules rules = new DatasetRules(archiveDelay, realtimeWindow);
        List<DexSwap> all = new ArrayList<>(swaps);
        if (!tickCsvs.isEmpty()) {
            all.addAll(new PoolTickCsvReader(pools).read(tickCsvs));
        }
        double effectiveSpeed = speed == null ? 1.0 : speed;
        if (syntheticPools != null) {
            require(!syntheticPools.isEmpty(), "synthetic: at least one pool is required");
            require(syntheticBlocks >= 1, "syntheticBlocks: must be >= 1, was " + syntheticBlocks);
            Instant start = syntheticStart != null ? syntheticStart
                    : clock != null ? clock.start() : Instant.ofEpochSecond(System.currentTimeMillis() / 1000);
            all.addAll(SyntheticSwaps.generate(syntheticPools, syntheticSeed, SYNTHETIC_FIRST_BLOCK,
                    start.getEpochSecond(), syntheticBlocks));
        }
        require(!all.isEmpty(), "swaps: nothing to serve; give swaps(...), replayTickCsv(...) or synthetic(...)");
        if (otherActivityTail != null) {
            require(!otherActivityTail.isNegative(), "otherDexActivity: must be >= 0, was " + otherActivityTail);
            require(all.stream().noneMatch(s -> s.pool().equals(SwapPool.OTHER)), "otherDexActivity: the served"
                    + " swaps already include the other pool " + SwapPool.OTHER.address());
            all.addAll(OtherDexActivity.around(all, otherActivityTail.toSeconds()));
        }
        SimClock effectiveClock = clock != null ? clock
                : SimClock.accelerated(Instant.ofEpochSecond(all.stream().mapToLong(DexSwap::blockTime).min()
                        .orElseThrow()), effectiveSpeed);
        return new BitquerySimulator(effectiveClock, all, token, rules, requestsPerMinute, keepAliveInterval,
                initTimeout);
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
