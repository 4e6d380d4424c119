package io.candlestream.bench;

import java.util.List;
import java.util.Locale;

/**
 * Row "memory": the TaskManager's heap during the long backfill (1,000,000 ids) against its heap
 * during steady live ingest (1,000 trades/s) right after, in the same job. In the MiniCluster the TaskManager is the
 * benchmark's JVM, so the heap is sampled there ({@link HeapSampler}); the simulator's trade log lives in the same
 * heap, so its share, measured as the heap left by a full collection just before the job was submitted, is subtracted
 * from both figures. The figure compared is the heap left after each collection (young ones included), the live set
 * the TaskManager must hold; the heap in use between collections (garbage included) is printed too. A full collection
 * runs before the steady phase is sampled, so garbage of the backfill cannot count as steady heap. Reuses the
 * {@link BackfillBenchmark}'s run when it ran in the same invocation, else runs the gap itself (without baseline).
 */
final class MemoryBenchmark implements TableBenchmark {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        LongGapRun.Result result = BackfillBenchmark.latest(mode);
        if (result == null) {
            result = LongGapRun.run(BackfillBenchmark.ids(mode), 1_000_000, java.time.Duration.ofSeconds(3), false,
                    BackfillBenchmark.steady(mode));
        } else {
            System.out.println("reusing the backfill benchmark's run");
        }
        double mib = 1 << 20;
        long simulator = result.simulatorHeap();
        LongGapRun.HeapFigures backfill = result.backfillHeap();
        LongGapRun.HeapFigures steady = result.steadyHeap();
        System.out.printf(Locale.ROOT, "simulator (full GC before the job): %.0f MiB%n", simulator / mib);
        System.out.printf(Locale.ROOT, "backfill: peak after GC %.0f MiB (%d GCs), peak in use %.0f MiB%n",
                backfill.peakAfterGc() / mib, backfill.collections(), backfill.peakUsed() / mib);
        System.out.printf(Locale.ROOT, "steady:   peak after GC %.0f MiB (%d GCs), peak in use %.0f MiB%n",
                steady.peakAfterGc() / mib, steady.collections(), steady.peakUsed() / mib);
        double job = Math.max(0, backfill.peakAfterGc() - simulator) / mib;
        double base = Math.max(1, steady.peakAfterGc() - simulator) / mib;
        long ids = BackfillBenchmark.ids(mode);
        String gap = ids >= 1_000_000 ? (ids / 1_000_000) + "M" : (ids / 1000) + "k";
        return List.of(BenchRow.ofRatio("memory: heap after GC, " + gap + "-id backfill vs steady live", job, base,
                "<= 2", "MiB (simulator's log subtracted)"));
    }
}
