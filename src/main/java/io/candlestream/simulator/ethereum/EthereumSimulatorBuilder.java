package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.WsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects a node simulator's settings; {@link #build()} validates them all and names the option at fault. The chain
 * comes from exactly one source: real {@code *.raw.csv} dumps ({@link #replayCsv}), synthetic swaps
 * ({@link #syntheticPools}) or logs built by a test ({@link #logs}).
 */
public final class EthereumSimulatorBuilder {

    /** Where the synthetic chain starts, a mainnet-like height. */
    public static final long DEFAULT_SYNTHETIC_FIRST_BLOCK = 19_000_000;

    private final List<Path> csvFiles = new ArrayList<>();
    private Integer syntheticPools;
    private long seed;
    private List<ChainLog> logs;
    private final Map<String, PoolTokens> pools = new LinkedHashMap<>();
    private SimClock clock;
    private Double speed;
    private Instant firstBlockTime;
    private long syntheticFirstBlock = DEFAULT_SYNTHETIC_FIRST_BLOCK;
    private int syntheticBlocks = 7_200;
    private int swapEveryBlocks = 3;
    private int zeroAmountSwapEvery;
    private boolean blockTimestamps = true;
    private Duration pingInterval = Duration.ofSeconds(30);

    EthereumSimulatorBuilder() {
    }

    /**
     * Replays real logs from {@code ethereum-<pool>-<date>.raw.csv} files, merged into one chain; the chain runs from
     * the first to the last logged block, logged blocks keep their timestamps. The two known pools get their real
     * tokens unless {@link #pool} says otherwise.
     */
    public EthereumSimulatorBuilder replayCsv(Path... rawCsvFiles) {
        for (Path file : rawCsvFiles) {
            csvFiles.add(Objects.requireNonNull(file, "rawCsvFile"));
        }
        return this;
    }

    /** Synthetic swaps in {@code pools} pools (1..20), deterministic for a seed; see {@link #syntheticBlocks}. */
    public EthereumSimulatorBuilder syntheticPools(int pools, long seed) {
        this.syntheticPools = pools;
        this.seed = seed;
        return this;
    }

    /**
     * The chain's logs, built by the caller; blocks from the lowest to the highest logged one, 12 s apart from
     * {@link #firstBlockTime}. Every pool needs its tokens ({@link #pool}).
     */
    public EthereumSimulatorBuilder logs(List<ChainLog> logs) {
        this.logs = List.copyOf(logs);
        return this;
    }

    /** Token metadata of a pool: what its {@code token0()}, {@code token1()} and the tokens' {@code decimals()} answer. */
    public EthereumSimulatorBuilder pool(String address, String token0, int decimals0, String token1, int decimals1) {
        PoolTokens tokens = new PoolTokens(address, token0, decimals0, token1, decimals1);
        pools.put(tokens.pool(), tokens);
        return this;
    }

    /** Chain time. Default: accelerated from the first block's timestamp at {@link #speed} (default 1). */
    public EthereumSimulatorBuilder clock(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Speed of the default clock (simulated per wall millisecond); cannot be combined with {@link #clock}. */
    public EthereumSimulatorBuilder speed(double speed) {
        this.speed = speed;
        return this;
    }

    /**
     * The first block's timestamp for synthetic swaps and {@link #logs}. Default: the clock's start when a clock is
     * given, otherwise now (synthetic) or 2024-01-05T00:00:00Z (logs).
     */
    public EthereumSimulatorBuilder firstBlockTime(Instant firstBlockTime) {
        this.firstBlockTime = Objects.requireNonNull(firstBlockTime, "firstBlockTime");
        return this;
    }

    /** The synthetic chain's first block number. Default 19,000,000. */
    public EthereumSimulatorBuilder syntheticFirstBlock(long number) {
        this.syntheticFirstBlock = number;
        return this;
    }

    /** How many synthetic blocks carry swaps (empty blocks follow while the clock runs). Default 7,200 (a day). */
    public EthereumSimulatorBuilder syntheticBlocks(int blocks) {
        this.syntheticBlocks = blocks;
        return this;
    }

    /** Mean number of blocks between two synthetic swaps of a pool. Default 3. */
    public EthereumSimulatorBuilder swapEveryBlocks(int blocks) {
        this.swapEveryBlocks = blocks;
        return this;
    }

    /** Makes every {@code n}-th synthetic swap a zero-amount one (both amounts 0); 0 (the default) never. */
    public EthereumSimulatorBuilder zeroAmountSwapEvery(int n) {
        this.zeroAmountSwapEvery = n;
        return this;
    }

    /** Whether log objects carry {@code blockTimestamp}, as newer nodes send it. Default true. */
    public EthereumSimulatorBuilder blockTimestamps(boolean blockTimestamps) {
        this.blockTimestamps = blockTimestamps;
        return this;
    }

    /** How often the WebSocket server pings (a pong is due within twice that). Default 30 s. */
    public EthereumSimulatorBuilder pingInterval(Duration pingInterval) {
        this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
        return this;
    }

    /** Validates the settings and builds the simulator (not started). */
    public EthereumSimulator build() {
        int sources = (csvFiles.isEmpty() ? 0 : 1) + (syntheticPools == null ? 0 : 1) + (logs == null ? 0 : 1);
        if (sources != 1) {
            throw new IllegalArgumentException("the chain needs exactly one source, replayCsv(...), syntheticPools(n, "
                    + "seed) or logs(...); got " + sources);
        }
        if (clock != null && speed != null) {
            throw new IllegalArgumentException("speed: give either clock(...) or speed(...), not both");
        }
        if (speed != null && !(speed > 0 && Double.isFinite(speed))) {
            throw new IllegalArgumentException("speed must be a finite number > 0, was " + speed);
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be > 0, was " + pingInterval);
        }
        Map<String, PoolTokens> tokens = new LinkedHashMap<>();
        ChainInput input;
        if (!csvFiles.isEmpty()) {
            input = replay(tokens);
        } else if (syntheticPools != null) {
            input = synthetic(tokens);
        } else {
            input = fromLogs();
        }
        tokens.putAll(pools);
        for (ChainLog log : input.logs()) {
            if (!tokens.containsKey(log.address())) {
                throw new IllegalArgumentException("pool: no token metadata for " + log.address() + " (block "
                        + log.blockNumber() + "); call pool(address, token0, decimals0, token1, decimals1)");
            }
        }
        SimClock chainClock = clock != null ? clock
                : SimClock.accelerated(Instant.ofEpochSecond(input.blockTimestamps().firstEntry().getValue()),
                        speed == null ? 1 : speed);
        WsSettings ws = new WsSettings(pingInterval, pingInterval.multipliedBy(2), Duration.ofHours(24),
                Duration.ofSeconds(5));
        return new EthereumSimulator(new EthereumSimulatorConfig(input, tokens, chainClock, blockTimestamps, ws));
    }

    private ChainInput replay(Map<String, PoolTokens> tokens) {
        List<ChainInput> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path file : csvFiles) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("replayCsv: " + file + " is not a readable file");
            }
            String pool = RawLogCsv.poolOf(file);
            PoolTokens known = PoolTokens.KNOWN.get(pool);
            if (known != null) {
                tokens.put(pool, known);
            }
            inputs.add(RawLogCsv.read(file));
            names.add(file.toString());
        }
        ChainInput merged = ChainInput.merge(inputs, names);
        if (merged.blockTimestamps().isEmpty()) {
            throw new IllegalArgumentException("replayCsv: " + csvFiles + " hold no log, so there is no chain");
        }
        return merged;
    }

    private ChainInput synthetic(Map<String, PoolTokens> tokens) {
        if (syntheticPools < 1 || syntheticPools > 20) {
            throw new IllegalArgumentException("syntheticPools: pools must be 1..20, was " + syntheticPools);
        }
        if (syntheticBlocks < 1) {
            throw new IllegalArgumentException("syntheticBlocks must be >= 1, was " + syntheticBlocks);
        }
        if (swapEveryBlocks < 1) {
            throw new IllegalArgumentException("swapEveryBlocks must be >= 1, was " + swapEveryBlocks);
        }
        if (zeroAmountSwapEvery < 0) {
            throw new IllegalArgumentException("zeroAmountSwapEvery must be >= 0 (0: never), was " + zeroAmountSwapEvery);
        }
        if (syntheticFirstBlock < 1) {
            throw new IllegalArgumentException("syntheticFirstBlock must be >= 1, was " + syntheticFirstBlock);
        }
        Instant first = firstBlockTime != null ? firstBlockTime : clock != null ? clock.start() : Instant.now();
        SyntheticSwaps swaps = new SyntheticSwaps(syntheticPools, seed, syntheticFirstBlock, first.getEpochSecond(),
                syntheticBlocks, swapEveryBlocks, zeroAmountSwapEvery);
        swaps.pools().forEach(pool -> tokens.put(pool.pool(), pool));
        return swaps.input();
    }

    private ChainInput fromLogs() {
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("logs: the list is empty, so there is no chain");
        }
        Instant first = firstBlockTime != null ? firstBlockTime
                : clock != null ? clock.start() : Instant.parse("2024-01-05T00:00:00Z");
        long lowest = logs.stream().mapToLong(ChainLog::blockNumber).min().orElseThrow();
        TreeMap<Long, Long> timestamps = new TreeMap<>();
        for (ChainLog log : logs) {
            timestamps.put(log.blockNumber(),
                    first.getEpochSecond() + Chain.SLOT_SECONDS * (log.blockNumber() - lowest));
        }
        return ChainInput.merge(List.of(new ChainInput(logs, timestamps)), List.of("logs(...)"));
    }
}
