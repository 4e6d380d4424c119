package io.candlestream.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of the benchmark table: the job's figure, the baseline measured in the same run on the same machine, their
 * ratio and the target the ratio is held to.
 *
 * @param benchmark the row's name (contains one of the words live, backfill, weight, sink, recovery, latency, memory,
 *     scale)
 * @param job the job's figure
 * @param baseline the baseline's figure, in the same unit
 * @param ratio how the job compares with the baseline (the row says which way round)
 * @param target the bound the ratio is held to, e.g. {@code >= 0.8} or {@code <= 1.0}
 * @param unit the unit of {@code job} and {@code baseline}
 */
public record BenchRow(String benchmark, double job, double baseline, double ratio, String target, String unit) {

    public BenchRow {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(unit, "unit");
        if (!target.startsWith(">=") && !target.startsWith("<=")) {
            throw new IllegalArgumentException("target must start with >= or <=: " + target);
        }
    }

    /** A row whose ratio is job / baseline. */
    public static BenchRow ofRatio(String benchmark, double job, double baseline, String target, String unit) {
        return new BenchRow(benchmark, job, baseline, job / baseline, target, unit);
    }

    /** Whether the ratio meets the target (false when it could not be measured). */
    public boolean meetsTarget() {
        if (Double.isNaN(ratio)) {
            return false;
        }
        double bound = Double.parseDouble(target.substring(2).trim());
        return target.startsWith(">=") ? ratio >= bound : ratio <= bound;
    }

    String csvLine() {
        return String.join(",", csv(benchmark), number(job), number(baseline), number(ratio), csv(target), csv(unit));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4g", value);
    }

    private static String csv(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
