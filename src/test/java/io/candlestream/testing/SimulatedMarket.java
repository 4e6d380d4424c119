package io.candlestream.testing;

import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated Binance market for end-to-end tests: a fixed trading window at accelerated time, the job's command line
 * pointing at it, and the check that the candles table equals candles computed from the simulator's full trade log.
 */
public final class SimulatedMarket implements AutoCloseable {

    /** Simulated start of trading; tests start the job from here, so every bucket must be complete. */
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final BinanceSimulator simulator;
    private final Instant haltAt;
    private final List<String> symbols;

    /**
     * Starts a market of {@code symbols} that trades for {@code tradingMinutes} simulated minutes at {@code speed}
     * times real time, then halts (the clock runs on, so quiet-stream probes close the remaining buckets).
     */
    public SimulatedMarket(long seed, double speed, int tradingMinutes, String... symbols) {
        this.symbols = List.of(symbols);
        this.haltAt = START.plus(Duration.ofMinutes(tradingMinutes));
        this.simulator = BinanceSimulator.builder()
                .symbols(symbols)
                .seed(seed)
                .clock(SimClock.accelerated(START, speed))
                .tradesPerMinute(90)
                .quietStretchEvery(Duration.ofMinutes(11))
                .haltTradingAt(haltAt)
                .build();
        simulator.start();
    }

    public BinanceSimulator simulator() {
        return simulator;
    }

    public Instant haltAt() {
        return haltAt;
    }

    /** The job's arguments for this market and database, plus {@code extra} options. */
    public String[] args(String jdbcUrl, String jdbcUser, String symbolList, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--feed", "binance",
                "--symbols", symbolList,
                "--ws-url", simulator.wsBaseUrl(),
                "--rest-url", simulator.restBaseUrl(),
                "--intervals", "1m,5m",
                "--jdbc-url", jdbcUrl,
                "--jdbc-user", jdbcUser,
                "--start-from", START.toString(),
                "--checkpoint-interval", "1s",
                "--silence-timeout", "3s",
                "--quiet-probe-interval", "300ms"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    public JobOptions options(String jdbcUrl, String jdbcUser, String symbolList, String... extra) {
        return JobOptions.parse(args(jdbcUrl, jdbcUser, symbolList, extra));
    }

    /** Whether every symbol has a 1m and a 5m candle at or after {@code minutesAfterHalt} past the halt. */
    public boolean closedUntil(Connection connection, List<String> symbolsToCheck, int minutesAfterHalt)
            throws Exception {
        long target = haltAt.plus(Duration.ofMinutes(minutesAfterHalt)).toEpochMilli();
        List<Candle> rows = CandleRows.readAll(connection);
        for (String symbol : symbolsToCheck) {
            for (String interval : List.of("1m", "5m")) {
                boolean reached = rows.stream().anyMatch(c -> c.stream().symbol().equals(symbol)
                        && c.interval().equals(interval) && c.bucketStart() >= target);
                if (!reached) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Asserts that the table holds, for each symbol and interval, exactly the ground-truth candles from the start of
     * trading up to the last bucket the table has: no wrong, missing or extra row.
     */
    public void assertTableIsGroundTruth(Connection connection, List<String> symbolsToCheck) throws Exception {
        List<Candle> rows = CandleRows.readAll(connection);
        List<Candle> expected = new ArrayList<>();
        for (String symbol : symbolsToCheck) {
            for (var interval : List.of(new Object[] {"1m", 60_000L}, new Object[] {"5m", 300_000L})) {
                String label = (String) interval[0];
                long millis = (Long) interval[1];
                long last = rows.stream()
                        .filter(c -> c.stream().symbol().equals(symbol) && c.interval().equals(label))
                        .mapToLong(Candle::bucketStart).max().orElse(Long.MIN_VALUE);
                expected.addAll(GroundTruthCandles.compute("binance", symbol, label, millis,
                        simulator.allTrades(symbol), START.toEpochMilli(), last));
            }
        }
        List<Candle> actual = rows.stream().filter(c -> symbolsToCheck.contains(c.stream().symbol())).toList();
        CandleComparison.assertSameRows("candles of " + symbolsToCheck, actual, expected);
    }

    public List<String> symbols() {
        return symbols;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
