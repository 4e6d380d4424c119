package io.candlestream.bench;

import io.candlestream.simulator.binance.BinanceSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Live ingest: trades/s the whole job sustains from the simulator's firehose (trades as fast as the connection drains
 * them), against a bare OkHttp + Jackson streaming client reading the same firehose from a simulator built the same
 * way, in the same run. The job's figure is the candles operator's records received (its {@code numRecordsIn}, read
 * in-process: every trade once, after decode, gaps, backfill and dedup, on its way to the 1m+5m candles and the JDBC
 * sink) over a window after a warm-up; the baseline's is the trades it parsed over a window of the same total length,
 * half before and half after the job. Row "live ingest N symbols pP", ratio job / baseline, target {@code >= 0.8}.
 */
final class LiveIngestBenchmark implements TableBenchmark {

    private static final long BASELINE_WARM_UP_SECONDS = 3;

    /** symbols × parallelism. */
    record Case(int symbols, int parallelism) {
        String row() {
            return "live ingest " + symbols + (symbols == 1 ? " symbol" : " symbols") + " p" + parallelism;
        }
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        List<Case> cases = mode.pick(List.of(new Case(1, 1), new Case(50, 2)),
                List.of(new Case(1, 1), new Case(1, 2), new Case(50, 1), new Case(50, 2)));
        long warmUpSeconds = mode.pick(8, 20);
        long measureSeconds = mode.pick(15, 60);
        List<BenchRow> rows = new ArrayList<>();
        try (LiveBenchDatabase database = new LiveBenchDatabase()) {
            for (Case c : cases) {
                List<String> symbols = LiveSymbols.of(c.symbols());
                // The baseline in two halves, before and after the job, so a neighbour's load on the shared
                // machine weighs on both alike.
                double before = baseline(symbols, BASELINE_WARM_UP_SECONDS, (measureSeconds + 1) / 2);
                double job = job(database, symbols, c.parallelism(), warmUpSeconds, measureSeconds);
                double after = baseline(symbols, BASELINE_WARM_UP_SECONDS, (measureSeconds + 1) / 2);
                double baseline = (before + after) / 2;
                BenchRow row = BenchRow.ofRatio(c.row(), job, baseline, ">= 0.8", "trades/s");
                System.out.printf(Locale.ROOT, "%s: job %,.0f trades/s, baseline %,.0f trades/s, ratio %.2f%n",
                        c.row(), job, baseline, row.ratio());
                rows.add(row);
            }
        }
        return rows;
    }

    private static BinanceSimulator firehose(List<String> symbols) {
        BinanceSimulator simulator = BinanceSimulator.builder().symbols(symbols.toArray(String[]::new)).seed(11)
                .firehose(true).build();
        simulator.start();
        return simulator;
    }

    private static double baseline(List<String> symbols, long warmUpSeconds, long measureSeconds) throws Exception {
        try (BinanceSimulator simulator = firehose(symbols);
                FirehoseReader reader = new FirehoseReader(simulator.wsBaseUrl(), symbols)) {
            TimeUnit.SECONDS.sleep(warmUpSeconds);
            double rate = rate(reader::trades, measureSeconds);
            System.out.printf(Locale.ROOT, "  baseline %d symbols: %,.0f trades/s (simulator sent %,d frames, "
                    + "%d connection(s))%n", symbols.size(), rate, simulator.stats().tradeFramesSent(),
                    simulator.stats().connectionsAccepted());
            return rate;
        }
    }

    private static double job(LiveBenchDatabase database, List<String> symbols, int parallelism, long warmUpSeconds,
            long measureSeconds) throws Exception {
        String jdbcUrl = database.freshDatabase("live_" + symbols.size() + "_p" + parallelism);
        try (BinanceSimulator simulator = firehose(symbols);
                LiveJobRun run = new LiveJobRun(simulator, symbols, jdbcUrl, parallelism)) {
            double startup = run.awaitFlowing(120);
            TimeUnit.SECONDS.sleep(warmUpSeconds);
            long sentBefore = simulator.stats().tradesPublished();
            long connectionsBefore = simulator.stats().connectionsAccepted();
            long restBefore = simulator.stats().restRequests();
            double rate = rate(run::tradesRead, measureSeconds);
            System.out.printf(Locale.ROOT, "  job %d symbols p%d: %,.0f trades/s into the candles → sink "
                    + "(started in %.1f s; during the window the simulator drew %,d trades, %d reconnect(s), "
                    + "%d REST request(s))%n", symbols.size(), parallelism, rate, startup,
                    simulator.stats().tradesPublished() - sentBefore,
                    simulator.stats().connectionsAccepted() - connectionsBefore,
                    simulator.stats().restRequests() - restBefore);
            return rate;
        }
    }

    /** Events per second of a growing count over {@code seconds}, from the count's first change. */
    static double rate(LongSupplier count, long seconds) throws InterruptedException {
        long before = count.getAsLong();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long after = count.getAsLong();
        return (after - before) / ((System.nanoTime() - start) / 1e9);
    }
}
