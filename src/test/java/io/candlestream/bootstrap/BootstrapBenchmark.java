package io.candlestream.bootstrap;

import io.candlestream.backfill.BackfillFunction;
import io.candlestream.config.StartPosition;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.binance.BinanceSimulator;
import io.candlestream.simulator.SimClock;
import io.candlestream.source.LiveFeedSource;
import io.candlestream.source.reader.LiveSourceSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;

/**
 * Benchmark, not a test: bootstraps a large simulated range through the job's source and backfill operator, once
 * with the exchange's limit out of reach and once with a binding weight limit, and prints ids/s, requests, 429s, 418s,
 * the share of the weight budget used and the peak heap. Run it with {@code scripts/bench-bootstrap.sh [ids]}.
 */
public final class BootstrapBenchmark {

    static final AtomicLong BACKFILLED = new AtomicLong();
    private static final Instant HISTORY_START = Instant.parse("2024-01-01T00:00:00Z");

    private BootstrapBenchmark() {}

    public static void main(String[] args) throws Exception {
        long ids = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        run("no binding limit (1,000,000 weight / 3 s)", ids, 1_000_000, Duration.ofSeconds(3));
        // binds: the client may send 0.95 x 360 = 342 weight (85 pages of 1,000 ids) per 3 s window, so 1,000,000 ids
        // take about 35 s, which spans 10 or more full windows
        run("binding limit (360 weight / 3 s = 7,200 / min)", ids, 360, Duration.ofSeconds(3));
        System.exit(0);
    }

    private static void run(String label, long ids, int limit, Duration window) throws Exception {
        BACKFILLED.set(0);
        double perMinute = 10_000;
        Instant opens = HISTORY_START.plus(Duration.ofMinutes((long) Math.ceil(ids / perMinute)));
        try (BinanceSimulator exchange = BinanceSimulator.builder().symbols("BTCUSDT").seed(7)
                .historyStart(HISTORY_START).clock(SimClock.accelerated(opens, 1)).tradesPerMinute(perMinute)
                .quietStretchEvery(Duration.ZERO).haltTradingAt(opens.plus(Duration.ofHours(1))).requestWeightLimit(limit).weightWindow(window).build()) {
            exchange.start();
            long history = exchange.publishedTrades("BTCUSDT").size();
            System.gc();
            long baseline = heapUsed();
            PeakHeap peak = new PeakHeap();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(10_000);
            BinanceFeed feed = new BinanceFeed();
            HistorySettings historySettings = HistorySettings.defaults(exchange.restBaseUrl());
            LiveFeedSource source = new LiveFeedSource(feed, List.of(StreamId.of("binance", "BTCUSDT")),
                    StartPosition.parse(HISTORY_START.toString()),
                    LiveSourceSettings.of(exchange.wsBaseUrl(), Duration.ofSeconds(30), Duration.ofSeconds(5), 10_000),
                    historySettings);
            BackfillFunction.apply(env.fromSource(source, LiveFeedSource.watermarkStrategy(), "source",
                                    FeedEventTypeInfo.INSTANCE), feed, historySettings, Duration.ofMinutes(10), 100)
                    .filter(BootstrapBenchmark::count).returns(FeedEventTypeInfo.INSTANCE)
                    .addSink(new DiscardingSink<>());
            long start = System.nanoTime();
            JobClient job = env.executeAsync("bootstrap benchmark");
            long deadline = start + TimeUnit.MINUTES.toNanos(15);
            while (BACKFILLED.get() < history && System.nanoTime() < deadline) {
                peak.sample();
                TimeUnit.MILLISECONDS.sleep(50); // benchmark main, not a test: plain waiting is fine here
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long endMillis = System.currentTimeMillis();
            var stats = exchange.stats();
            SortedMap<Instant, Long> perWindow = stats.weightPerWindow();
            job.cancel().get();
            WindowShare share = WindowShare.of(perWindow, window.toMillis(), endMillis, limit);
            System.out.printf(Locale.ROOT, "%n== %s ==%n", label);
            System.out.printf(Locale.ROOT, "ids loaded            %,d of %,d in %.1f s (job start to last id)%n",
                    BACKFILLED.get(), history, seconds);
            System.out.printf(Locale.ROOT, "ids/s                 %,.0f%n", BACKFILLED.get() / seconds);
            System.out.printf(Locale.ROOT, "REST requests         %,d (429 for weight: %d, 418: %d)%n",
                    stats.restRequests(), stats.weightLimit429s(), stats.bans418());
            System.out.printf(Locale.ROOT, "weight used           %,d in %d windows touched%n",
                    stats.weightUsed(), share.touched);
            System.out.printf(Locale.ROOT, "share of the limit    %s%n", share.describe());
            System.out.printf(Locale.ROOT, "heap                  baseline %,d MB (simulator with its trade log), "
                    + "peak %,d MB, peak after GC %,d MB%n", baseline >> 20, peak.peak >> 20, peak.peakAfterGc() >> 20);
        }
    }

    /**
     * Weight per window as a share of the limit, over the windows that lie entirely inside the busy period: from the
     * first window with weight to the one holding the bootstrap's end, both excluded (partial windows).
     */
    private record WindowShare(int touched, int full, double mean, double min, double max) {

        static WindowShare of(SortedMap<Instant, Long> perWindow, long windowMillis, long endMillis, int limit) {
            if (perWindow.isEmpty()) {
                return new WindowShare(0, 0, Double.NaN, Double.NaN, Double.NaN);
            }
            long first = perWindow.firstKey().toEpochMilli();
            long last = Math.min(perWindow.lastKey().toEpochMilli(), Math.floorDiv(endMillis, windowMillis) * windowMillis);
            int touched = (int) ((last - first) / windowMillis) + 1;
            int full = 0;
            double sum = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            for (long start = first + windowMillis; start < last; start += windowMillis) {
                double share = perWindow.getOrDefault(Instant.ofEpochMilli(start), 0L) / (double) limit;
                full++;
                sum += share;
                min = full == 1 ? share : Math.min(min, share);
                max = full == 1 ? share : Math.max(max, share);
            }
            return new WindowShare(touched, full, full == 0 ? Double.NaN : sum / full, min, max);
        }

        String describe() {
            if (full == 0) {
                return "n/a: no full window inside the bootstrap";
            }
            return String.format(Locale.ROOT, "mean %.1f%%, min %.1f%%, max %.1f%% over %d full windows "
                    + "(first and last window excluded)", 100 * mean, 100 * min, 100 * max, full);
        }
    }

    private static boolean count(FeedEvent event) {
        if (event instanceof Trade) {
            BACKFILLED.incrementAndGet();
        }
        return false;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples the heap in use; the after-GC figure comes from the pools' collection usage. */
    private static final class PeakHeap {
        long peak;

        PeakHeap() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                    pool.resetPeakUsage();
                }
            }
        }

        void sample() {
            peak = Math.max(peak, heapUsed());
        }

        long peakAfterGc() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    sum += pool.getCollectionUsage().getUsed();
                }
            }
            return sum;
        }
    }
}
