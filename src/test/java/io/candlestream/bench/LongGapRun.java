package io.candlestream.bench;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * One long gap loaded by the real job: a simulated BTCUSDT exchange that has traded {@code ids} aggregate trades
 * (synthetic, about 60,000 a minute, served from the simulator's lazily generated log) before its
 * clock starts and keeps trading live at the same rate (1,000 trades/s) after, and the job started from the first of
 * them: source, async backfill operator, dedup, 1m and 5m candles, PostgreSQL. Optionally the sequential baseline pages
 * the same history first, and the job stays on for a phase of steady live ingest whose heap is measured.
 */
final class LongGapRun {

    static final Instant HISTORY_START = Instant.parse("2024-01-01T00:00:00Z");
    /**
     * The synthetic source's gaps are 1 ms plus an exponential part cut to whole milliseconds, a fifth of trades
     * sharing the previous one's millisecond: 96,000 a minute asked comes out at about 60,000 (1,000 trades/s).
     */
    static final double TRADES_PER_MINUTE = 96_000;
    private static final double IDS_PER_MINUTE_OF_HISTORY = 60_000;

    /** What one run measured. */
    record Result(long trades, double jobSeconds, SequentialPager.Result baseline, long weightUsed,
            SortedMap<Instant, Long> weightPerWindow, long endMillis, long restRequests, long weight429s, long bans418,
            long simulatorHeap, HeapFigures backfillHeap, HeapFigures steadyHeap) {

        double jobTradesPerSecond() {
            return trades / jobSeconds;
        }
    }

    /** Heap while a phase ran: peak in use and peak after a collection, both absolute (bytes). */
    record HeapFigures(long peakUsed, long peakAfterGc, long collections) {
        static HeapFigures of(HeapSampler sampler) {
            return new HeapFigures(sampler.peakUsed(), sampler.peakAfterGc(), sampler.collections());
        }
    }

    private LongGapRun() {}

    /**
     * Loads a gap of about {@code ids} ids; {@code weightLimit} per {@code window} is the simulator's REQUEST_WEIGHT
     * limit; {@code steady} (zero: none) is the live phase measured after the gap.
     */
    static Result run(long ids, int weightLimit, Duration window, boolean withBaseline, Duration steady)
            throws Exception {
        long minutes = (long) Math.ceil(ids / IDS_PER_MINUTE_OF_HISTORY);
        Instant opens = HISTORY_START.plus(Duration.ofMinutes(minutes)); // a minute boundary: the gap's last bucket
        try (BenchPostgres postgres = BenchPostgres.start();
                BinanceSimulator exchange = BinanceSimulator.builder().symbols("BTCUSDT").seed(7)
                        .historyStart(HISTORY_START).clock(SimClock.accelerated(opens, 1))
                        .tradesPerMinute(TRADES_PER_MINUTE).quietStretchEvery(Duration.ZERO)
                        .requestWeightLimit(weightLimit).weightWindow(window).build()) {
            exchange.start();
            List<AggTrade> history = exchange.publishedTrades("BTCUSDT"); // generates the whole history now
            long firstId = history.get(0).aggId();
            long lastId = history.stream().filter(t -> t.time() < opens.toEpochMilli())
                    .mapToLong(AggTrade::aggId).max().orElseThrow();
            history = null;
            long trades = lastId - firstId + 1;
            System.out.printf(Locale.ROOT, "history: %,d ids (%d..%d) over %d simulated minutes%n", trades, firstId,
                    lastId, minutes);

            SequentialPager.Result baseline = null;
            if (withBaseline) {
                baseline = new SequentialPager(exchange.restBaseUrl()).page("BTCUSDT", firstId, lastId);
                System.out.printf(Locale.ROOT, "baseline: %,d trades in %,d requests, %.1f s: %,.0f trades/s%n",
                        baseline.trades(), baseline.requests(), baseline.seconds(), baseline.tradesPerSecond());
            }
            long weightBefore = exchange.stats().weightUsed();
            long requestsBefore = exchange.stats().restRequests();
            long simulatorHeap = HeapSampler.liveSetAfterFullGc();

            JobClient job;
            double seconds;
            HeapFigures backfillHeap;
            long endMillis;
            try (HeapSampler heap = HeapSampler.start(); Connection db = postgres.connect()) {
                job = BenchJob.submitRunning(
                        BenchJob.options(exchange, postgres, HISTORY_START.toString()), BenchJob.productionState());
                long start = System.nanoTime();
                // The gap is loaded when the 1m candle holding its last trade is in PostgreSQL.
                BenchJob.await("the gap's last candle", Duration.ofMinutes(30), () -> BenchPostgres.queryLong(db,
                        "select max(last_cursor) from candles where \"interval\" = '1m'", -1) >= lastId);
                seconds = (System.nanoTime() - start) / 1e9;
                endMillis = System.currentTimeMillis();
                backfillHeap = HeapFigures.of(heap);
            }
            var stats = exchange.stats();
            long weightUsed = stats.weightUsed() - weightBefore;
            long requests = stats.restRequests() - requestsBefore;
            SortedMap<Instant, Long> perWindow = stats.weightPerWindow();
            System.out.printf(Locale.ROOT, "job: %,d trades in %.1f s (RUNNING to the last candle in PostgreSQL): "
                    + "%,.0f trades/s; %,d requests, weight %,d, 429 %d, 418 %d%n", trades, seconds, trades / seconds,
                    requests, weightUsed, stats.weightLimit429s(), stats.bans418());

            HeapFigures steadyHeap = null;
            try {
                if (!steady.isZero()) {
                    TimeUnit.SECONDS.sleep(5); // live trades queued behind the gap drain
                    try (HeapSampler heap = HeapSampler.start()) {
                        System.gc(); // the backfill's garbage is not steady heap; this GC's result is the first sample
                        TimeUnit.MILLISECONDS.sleep(steady.toMillis());
                        steadyHeap = HeapFigures.of(heap);
                    }
                }
            } finally {
                BenchJob.cancel(job);
            }
            return new Result(trades, seconds, baseline, weightUsed, perWindow, endMillis, requests,
                    stats.weightLimit429s(), stats.bans418(), simulatorHeap, backfillHeap, steadyHeap);
        }
    }
}
