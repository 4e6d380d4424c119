package io.candlestream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Rows "backfill under the weight limit": the simulator's REQUEST_WEIGHT limit is set so low that loading a long gap
 * is bound by it (120 weight per 3 s window in the quick run over 200,000 ids, 360 per 3 s in the full run over
 * 1,000,000 ids: at 4 weight a page, 28 and 85 pages a window, so the load spans about 7 and 12 windows). The job's
 * figure is the mean weight the simulator admitted per full window inside the load (the first and the last window
 * are partial and left out), the baseline is the limit, the ratio the share of the budget used; the 429s the limit
 * sent are in the unit column. A second row counts 418s (requests sent while told to wait), which a correct client
 * never gets.
 */
final class WeightLimitBenchmark implements TableBenchmark {

    private static final Duration WINDOW = Duration.ofSeconds(3);

    @Override
    public String name() {
        return "weight";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        long ids = mode.pick(200_000, 1_000_000);
        int limit = (int) mode.pick(120, 360);
        LongGapRun.Result result = LongGapRun.run(ids, limit, WINDOW, false, Duration.ZERO);
        WeightShare share = WeightShare.of(result.weightPerWindow(), WINDOW.toMillis(), result.endMillis(), limit);
        System.out.println("share of the limit: " + share.describe());
        String gap = ids >= 1_000_000 ? (ids / 1_000_000) + "M" : (ids / 1000) + "k";
        String name = String.format(Locale.ROOT, "backfill under the weight limit (%s ids, %d/3s)", gap, limit);
        return List.of(
                new BenchRow(name + ": budget used", share.mean() * limit, limit, share.mean(), ">= 0.9",
                        String.format(Locale.ROOT, "weight/window over %d full windows; %d x 429", share.full(),
                                result.weight429s())),
                new BenchRow(name + ": 418 count", result.bans418(), 0, result.bans418(), "<= 0", "418 answers"));
    }
}
