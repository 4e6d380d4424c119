package io.candlestream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmark table ({@code scripts/bench.sh [--quick] [--only name,...]}): every benchmark measures the job
 * and its baseline in the same run, then the table is printed and written to {@code target/bench/}. A benchmark that
 * fails is reported in the table, and the others still run.
 */
public final class BenchSuite {

    private BenchSuite() {}

    /** The table's benchmarks, in the table's order. */
    static List<TableBenchmark> benchmarks() {
        return List.of(new LiveIngestBenchmark(), new BackfillBenchmark(), new WeightLimitBenchmark(),
                new SinkBenchmark(), new RecoveryBenchmark(), new LatencyBenchmark(), new MemoryBenchmark(),
                new ScaleBenchmark());
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> only = new ArrayList<>();
        Path out = Path.of("target", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only.addAll(List.of(value(args, ++i, "--only").split(",")));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --quick, --only <name,...>, --out <dir> (or `scripts/bench.sh jmh ...` for JMH)");
            }
        }
        BenchMode mode = new BenchMode(quick);
        BenchTable table = new BenchTable(Machine.current());
        for (TableBenchmark benchmark : benchmarks()) {
            if (!only.isEmpty() && !only.contains(benchmark.name())) {
                continue;
            }
            System.out.println("== " + benchmark.name() + (quick ? " (quick)" : ""));
            try {
                table.add(benchmark.run(mode));
            } catch (Exception | AssertionError e) {
                e.printStackTrace();
                table.failed(benchmark.name(), e);
            }
        }
        System.out.println();
        System.out.print(table.text());
        table.write(out);
        System.out.println("written to " + out.resolve("results.csv"));
        System.exit(0);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
