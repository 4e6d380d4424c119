package io.candlestream.bench;

import io.candlestream.config.JobOptions;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latency, live: from a bucket's end to its candle row committed in PostgreSQL, p50 and p99, with the simulator in its
 * normal mode on a real-time clock (a few symbols, about 100 trades/s in all, quiet stretches included). A row's
 * commit time is its {@code updated_at}, which the sink sets to the database's {@code now()} in the upsert; every 1m
 * and 5m bucket of every symbol that ends while the job is live counts (a symbol that has not traded since the job
 * started has no candle to close yet and is left out), and one still missing 45 s after its end counts with the time
 * waited. Baseline: the quiet-probe interval plus the feed's publication delay (a quiet stream's
 * bucket cannot close sooner); rows "latency p50/p99", ratio = latency / (baseline + 1 s), target {@code <= 1.0}.
 */
final class LatencyBenchmark implements TableBenchmark {

    private static final long MINUTE = 60_000;
    /** How long after its end a bucket's row may still arrive before the run stops waiting for it. */
    private static final long MAX_WAIT_MILLIS = 45_000;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        int symbolCount = 20;
        double tradesPerMinute = 300; // per symbol: 20 × 5 = 100 trades/s
        int boundaries = (int) mode.pick(1, 5);
        List<String> symbols = LiveSymbols.of(symbolCount);
        Instant now = Instant.now(); // the simulator's history starts ten minutes back: every symbol has traded
        try (LiveBenchDatabase database = new LiveBenchDatabase();
                BinanceSimulator simulator = BinanceSimulator.builder().symbols(symbols.toArray(String[]::new))
                        .seed(13).clock(SimClock.startingAt(now)).historyStart(now.minus(Duration.ofMinutes(10)))
                        .tradesPerMinute(tradesPerMinute).build()) {
            simulator.start();
            String jdbcUrl = database.freshDatabase("latency");
            long probeMillis;
            List<Long> latencies;
            long submittedAt = System.currentTimeMillis();
            try (LiveJobRun run = new LiveJobRun(simulator, symbols, jdbcUrl, 1)) {
                probeMillis = JobOptions.parse(new String[] {"--symbols", "BTCUSDT", "--jdbc-url", jdbcUrl})
                        .quietProbeInterval().toMillis();
                run.awaitFlowing(120);
                long liveAt = System.currentTimeMillis() + 2_000;
                long firstEnd = (Math.floorDiv(liveAt, MINUTE) + 1) * MINUTE;
                long lastEnd = firstEnd + (boundaries - 1) * MINUTE;
                System.out.printf(Locale.ROOT, "  live at %s; measuring %d minute boundar%s from %s%n",
                        Instant.ofEpochMilli(liveAt), boundaries, boundaries == 1 ? "y" : "ies",
                        Instant.ofEpochMilli(firstEnd));
                long waitUntil = lastEnd + MAX_WAIT_MILLIS;
                while (System.currentTimeMillis() < lastEnd + 2_000) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                try (Connection connection = database.connect("latency")) {
                    // Until every bucket's row is in, or the longest wait is over.
                    while (missing(latencies = latencies(connection, simulator, symbols, submittedAt, firstEnd,
                            lastEnd)) > 0 && System.currentTimeMillis() < waitUntil) {
                        TimeUnit.MILLISECONDS.sleep(500);
                    }
                    int missing = missing(latencies);
                    if (missing > 0) {
                        System.out.printf(Locale.ROOT, "  %d bucket row(s) not committed %d s after their end "
                                + "(counted with the time waited)%n", missing, MAX_WAIT_MILLIS / 1000);
                    }
                    latencies = latencies.stream().map(Math::abs).toList();
                }
            }
            double baselineSeconds = (probeMillis + BinanceFeed.PUBLICATION_DELAY.toMillis()) / 1000.0;
            latencies = new ArrayList<>(latencies);
            Collections.sort(latencies);
            double p50 = percentile(latencies, 0.50) / 1000.0;
            double p99 = percentile(latencies, 0.99) / 1000.0;
            System.out.printf(Locale.ROOT, "  %d buckets: p50 %.2f s, p99 %.2f s, max %.2f s; baseline %.1f s "
                    + "(quiet-probe interval + publication delay)%n", latencies.size(), p50, p99,
                    latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1) / 1000.0, baselineSeconds);
            String suffix = " (bucket end to row committed, " + latencies.size() + " buckets"
                    + (mode.quick() ? ", quick" : "") + ")";
            return List.of(
                    new BenchRow("latency p50" + suffix, p50, baselineSeconds, p50 / (baselineSeconds + 1), "<= 1.0",
                            "s; ratio = job / (baseline + 1 s)"),
                    new BenchRow("latency p99" + suffix, p99, baselineSeconds, p99 / (baselineSeconds + 1), "<= 1.0",
                            "s; ratio = job / (baseline + 1 s)"));
        }
    }

    /**
     * Commit latency in ms of every 1m and 5m bucket ending in {@code [firstEnd, lastEnd]}; a missing row counts
     * as minus the time from its end to now.
     */
    private static List<Long> latencies(Connection connection, BinanceSimulator simulator, List<String> symbols,
            long submittedAt, long firstEnd, long lastEnd) throws Exception {
        Map<String, Long> committed = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select symbol, \"interval\", (extract(epoch from bucket_start) * 1000)::bigint,"
                        + " (extract(epoch from updated_at) * 1000)::bigint from candles where bucket_start >= ?")) {
            query.setTimestamp(1, java.sql.Timestamp.from(Instant.ofEpochMilli(firstEnd - 5 * MINUTE)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    committed.put(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getLong(3), rows.getLong(4));
                }
            }
        }
        long now = System.currentTimeMillis();
        List<Long> latencies = new ArrayList<>();
        // A stream that has not traded since the job's start minute has no candle yet: --start-from latest gives
        // the job no previous close to carry into flat candles, so its buckets are not expected.
        long startMinute = Math.floorDiv(submittedAt, MINUTE) * MINUTE;
        Map<String, Long> firstTrade = new HashMap<>();
        for (String symbol : symbols) {
            simulator.publishedTrades(symbol).stream().mapToLong(trade -> trade.time())
                    .filter(time -> time >= startMinute).findFirst()
                    .ifPresent(time -> firstTrade.put(symbol, time));
        }
        for (long end = firstEnd; end <= lastEnd; end += MINUTE) {
            for (String symbol : symbols) {
                if (firstTrade.getOrDefault(symbol, Long.MAX_VALUE) >= end) {
                    continue;
                }
                for (long length : end % (5 * MINUTE) == 0 ? List.of(MINUTE, 5 * MINUTE) : List.of(MINUTE)) {
                    if (end - length < startMinute) {
                        continue; // begun before the job's start: partial, so never written
                    }
                    String label = length == MINUTE ? "1m" : "5m";
                    Long at = committed.get(symbol + "/" + label + "/" + (end - length));
                    // A missing row counts negative (the time waited so far), so missing() can tell it apart.
                    latencies.add(at == null ? -Math.max(1, now - end) : Math.max(0, at - end));
                }
            }
        }
        return latencies;
    }

    private static int missing(List<Long> latencies) {
        return (int) latencies.stream().filter(latency -> latency < 0).count();
    }

    private static double percentile(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
