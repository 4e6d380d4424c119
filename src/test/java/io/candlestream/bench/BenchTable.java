package io.candlestream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark table: printed as text, written as {@code results.csv} and as the same text in {@code results.txt}. */
public final class BenchTable {

    static final String HEADER = "benchmark,job,baseline,ratio,target,unit";

    private final Machine machine;
    private final List<BenchRow> rows = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public BenchTable(Machine machine) {
        this.machine = machine;
    }

    public void add(List<BenchRow> more) {
        rows.addAll(more);
    }

    /** Records a benchmark that could not run, so the table says so instead of leaving the row out silently. */
    public void failed(String benchmark, Throwable error) {
        failures.add(benchmark + ": " + error);
    }

    public List<BenchRow> rows() {
        return List.copyOf(rows);
    }

    /** The table as text, with the machine it ran on. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("machine: ").append(machine.describe()).append('\n');
        out.append(String.format(Locale.ROOT, "%-44s %14s %14s %9s %8s %-5s %s%n", "benchmark", "job", "baseline",
                "ratio", "target", "met", "unit"));
        for (BenchRow row : rows) {
            out.append(String.format(Locale.ROOT, "%-44s %14s %14s %9s %8s %-5s %s%n", row.benchmark(),
                    figure(row.job()), figure(row.baseline()), ratio(row.ratio()), row.target(),
                    row.meetsTarget() ? "yes" : "NO", row.unit()));
        }
        for (String failure : failures) {
            out.append("FAILED ").append(failure).append('\n');
        }
        return out.toString();
    }

    /** Writes {@code results.csv} (the columns {@value #HEADER}) and {@code results.txt} into the directory. */
    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(row -> lines.add(row.csvLine()));
        Files.write(directory.resolve("results.csv"), lines, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("results.txt"), text(), StandardCharsets.UTF_8);
    }

    private static String figure(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
