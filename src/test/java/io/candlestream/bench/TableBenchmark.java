package io.candlestream.bench;

import java.util.List;

/** One benchmark of the table: measures the job and its baseline in the same run and returns their rows. */
public interface TableBenchmark {

    /** A short name for {@code scripts/bench.sh --only <name>}. */
    String name();

    /** Runs the job and its baseline and returns one row per figure. */
    List<BenchRow> run(BenchMode mode) throws Exception;
}
