package io.candlestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scale: many symbols, most of them quiet most of the time, on one job at parallelism 2, against the same job with 50
 * symbols in the same run (the simulator's normal mode on a real-time clock, 30 trades a minute per symbol with quiet
 * stretches of whole minutes). Trades/s per stream: every trade the candles operator received (each once, after
 * dedup) from the job's start minute to the end of the run, against every trade the simulator published in that
 * time. Over a window after a warm-up: connections the job opened, checkpoint duration and state size (the
 * cluster's REST API), heap after a full GC, and the request weight a minute the job spent: on quiet-stream probes,
 * and on the backfills they trigger (the window's backfill chunks are counted from the {@code backfills} table and
 * named in the row). Quick mode
 * runs 500 symbols instead of 2,000 and says so in the row names.
 */
final class ScaleBenchmark implements TableBenchmark {

    private static final int BASE_SYMBOLS = 50;
    private static final Duration HISTORY = Duration.ofMinutes(10);
    private static final int PARALLELISM = 2;
    private static final double TRADES_PER_MINUTE = 30;
    private static final int WEIGHT_LIMIT_PER_MINUTE = 6_000;
    /** Binance: 300 new connections per 5 minutes per IP. */
    private static final int CONNECTIONS_PER_FIVE_MINUTES = 300;

    /** What one job run measured. */
    record Figures(int symbols, double tradesPerSecondPerStream, double publishedPerSecondPerStream,
            long connections, double maxCheckpointSeconds, int checkpoints, long stateBytes, long heapBytes,
            double weightPerMinute, double probeWeightPerMinute, long rateLimited, long backfillChunks,
            double startupSeconds) {

        /** Trades the job read per trade the simulator published, in the window. */
        double keptUp() {
            return tradesPerSecondPerStream / publishedPerSecondPerStream;
        }
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        int many = (int) mode.pick(500, 2_000);
        long warmUpSeconds = mode.pick(12, 30);
        long measureSeconds = mode.pick(20, 90);
        Figures base;
        Figures scaled;
        try (LiveBenchDatabase database = new LiveBenchDatabase()) {
            base = measure(database, BASE_SYMBOLS, warmUpSeconds, measureSeconds);
            scaled = measure(database, many, warmUpSeconds, measureSeconds);
        }
        String label = " (" + String.format(Locale.ROOT, "%,d", many) + " vs " + BASE_SYMBOLS + " symbols, p"
                + PARALLELISM + (mode.quick() ? ", quick" : "") + ")";
        double heapPerStream = (scaled.heapBytes() - base.heapBytes()) / (double) (many - BASE_SYMBOLS);
        System.out.printf(Locale.ROOT, "  heap per added stream %,.0f bytes; state per stream %,.0f bytes (%d) vs "
                + "%,.0f bytes (%d)%n", heapPerStream, scaled.stateBytes() / (double) many, many,
                base.stateBytes() / (double) BASE_SYMBOLS, BASE_SYMBOLS);
        return List.of(
                // Each simulator's quiet stretches fall differently: the ratio compares the shares of what each
                // simulator published that each job read.
                new BenchRow("scale trades/s per stream" + label, scaled.tradesPerSecondPerStream(),
                        base.tradesPerSecondPerStream(), scaled.keptUp() / base.keptUp(), ">= 0.8",
                        "trades/s per stream; baseline = the 50-symbol job; ratio of read/published shares"),
                new BenchRow("scale checkpoint" + label, scaled.maxCheckpointSeconds(), base.maxCheckpointSeconds(),
                        scaled.maxCheckpointSeconds(), "<= 10", "s (longest in the window); ratio = job"),
                new BenchRow("scale probe weight share" + label, scaled.probeWeightPerMinute(),
                        WEIGHT_LIMIT_PER_MINUTE, scaled.probeWeightPerMinute() / WEIGHT_LIMIT_PER_MINUTE, "<= 0.05",
                        String.format(Locale.ROOT, "weight/min spent on probes (the readers' probe.weight; all REST "
                                + "weight %,.0f/min with %d backfill chunks); baseline = the limit; ratio = job / limit",
                                scaled.weightPerMinute(), scaled.backfillChunks())),
                new BenchRow("scale connections opened" + label, scaled.connections(), base.connections(),
                        scaled.connections() / (double) CONNECTIONS_PER_FIVE_MINUTES, "<= 1.0",
                        "connections in the run; ratio = job / 300 (Binance per 5 min per IP)"));
    }

    private static Figures measure(LiveBenchDatabase database, int symbolCount, long warmUpSeconds,
            long measureSeconds) throws Exception {
        List<String> symbols = LiveSymbols.of(symbolCount);
        String name = "scale_" + symbolCount;
        String jdbcUrl = database.freshDatabase(name);
        Instant now = Instant.now();
        // History from ten minutes back: every symbol has traded before the job starts, as on the exchange.
        try (BinanceSimulator simulator = BinanceSimulator.builder().symbols(symbols.toArray(String[]::new))
                .seed(17).clock(SimClock.startingAt(now)).historyStart(now.minus(HISTORY))
                .tradesPerMinute(TRADES_PER_MINUTE).quietStretchEvery(Duration.ofMinutes(3)).build()) {
            simulator.start();
            long startMinute = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L;
            try (LiveJobRun run = new LiveJobRun(simulator, symbols, jdbcUrl, PARALLELISM)) {
                double startup = run.awaitFlowing(180);
                TimeUnit.SECONDS.sleep(warmUpSeconds);
                long windowStart = System.currentTimeMillis();
                long startNanos = System.nanoTime();
                long weight0 = simulator.stats().weightUsed();
                long probeWeight0 = LiveMetricsReporter.probeWeight();
                long limited0 = simulator.stats().weightLimit429s();
                TimeUnit.SECONDS.sleep(measureSeconds);
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                // Since the job's start minute (--start-from latest backfills it from its start): every trade the
                // job read against every trade the exchange published, so a window's catch-up does not count twice.
                // Less the one StreamStart event per stream that reaches the candles beside the trades.
                long read = run.tradesRead() - symbolCount;
                long endMillis = System.currentTimeMillis();
                long published = 0;
                for (String symbol : symbols) {
                    published += simulator.publishedTrades(symbol).stream()
                            .filter(trade -> trade.time() >= startMinute).count();
                }
                double sinceStart = (endMillis - startMinute) / 1000.0;
                long weight = simulator.stats().weightUsed() - weight0;
                long probeWeight = LiveMetricsReporter.probeWeight() - probeWeight0;
                long limited = simulator.stats().weightLimit429s() - limited0;
                long connections = simulator.stats().connectionsAccepted();
                JsonNode checkpoints = run.cluster().checkpoints(run.id());
                double maxCheckpoint = 0;
                int completed = 0;
                for (JsonNode checkpoint : checkpoints.path("history")) {
                    if ("COMPLETED".equals(checkpoint.path("status").asText())
                            && checkpoint.path("trigger_timestamp").asLong() >= windowStart) {
                        completed++;
                        maxCheckpoint = Math.max(maxCheckpoint,
                                checkpoint.path("end_to_end_duration").asLong() / 1000.0);
                    }
                }
                long state = checkpoints.path("latest").path("completed").path("state_size").asLong(-1);
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long chunks;
                try (Connection connection = database.connect(name);
                        PreparedStatement query = connection.prepareStatement(
                                "select count(*) from backfills where filled_at >= ?")) {
                    query.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(windowStart)));
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        chunks = rows.getLong(1);
                    }
                }
                Figures figures = new Figures(symbolCount, read / sinceStart / symbolCount,
                        published / sinceStart / symbolCount, connections, completed == 0 ? Double.NaN : maxCheckpoint,
                        completed, state, heap, weight / seconds * 60,
                        probeWeight0 < 0 ? Double.NaN : probeWeight / seconds * 60, limited, chunks, startup);
                System.out.printf(Locale.ROOT, "  %,d symbols p%d: %.3f trades/s per stream read by the job "
                        + "(simulator published %.3f), started in %.1f s, %d connection(s), %d checkpoint(s) in the "
                        + "window, longest %.2f s, state %,d bytes, heap after GC %,d MB, %,.0f weight/min "
                        + "(%,.0f of it on probes, %d × 429 in the window), %d backfill chunk(s) in the window, %s%n", symbolCount,
                        PARALLELISM, figures.tradesPerSecondPerStream(), figures.publishedPerSecondPerStream(), startup,
                        connections, completed, maxCheckpoint, state, heap >> 20, figures.weightPerMinute(),
                        figures.probeWeightPerMinute(), limited, chunks, checkpoints.path("counts"));
                return figures;
            }
        }
    }
}
