package io.candlestream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Row "backfill": aggregate trades per second loading one long gap (1,000,000 ids, in the quick run too) through
 * the job's source and async backfill operator into candles in PostgreSQL, against a plain sequential client paging
 * the same simulator's {@code aggTrades} ({@code limit=1000}, {@code fromId}) in the same run. The simulator's weight
 * limit is out of reach (1,000,000 per 3 s) so both are limited by the machine only. The same run then measures the
 * heap of steady live ingest for the memory row ({@link MemoryBenchmark} reuses it).
 */
final class BackfillBenchmark implements TableBenchmark {

    private static LongGapRun.Result latest;
    private static BenchMode latestMode;

    @Override
    public String name() {
        return "backfill";
    }

    static long ids(BenchMode mode) {
        return 1_000_000; // the gap; the quick run loads it in well under a minute too
    }

    static Duration steady(BenchMode mode) {
        return Duration.ofSeconds(mode.pick(15, 60));
    }

    /** The run of this JVM's backfill benchmark in {@code mode}, or null when it did not run. */
    static synchronized LongGapRun.Result latest(BenchMode mode) {
        return mode.equals(latestMode) ? latest : null;
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        long ids = ids(mode);
        LongGapRun.Result result = LongGapRun.run(ids, 1_000_000, Duration.ofSeconds(3), true, steady(mode));
        synchronized (BackfillBenchmark.class) {
            latest = result;
            latestMode = mode;
        }
        String label = String.format(Locale.ROOT, "backfill %s-id gap to PostgreSQL vs sequential pager",
                ids >= 1_000_000 ? (ids / 1_000_000) + "M" : (ids / 1000) + "k");
        return List.of(BenchRow.ofRatio(label, result.jobTradesPerSecond(), result.baseline().tradesPerSecond(),
                ">= 3", "trades/s"));
    }
}
