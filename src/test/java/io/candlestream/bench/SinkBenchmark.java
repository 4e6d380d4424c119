package io.candlestream.bench;

import io.candlestream.model.Candle;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleSinkOptions;
import io.candlestream.sink.CandleTable;
import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.binance.BinanceSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.execution.JobClient;

/**
 * Row "sink": candle upserts per second while the job bootstraps many symbols × many buckets (50 symbols × one day
 * in the quick run, 100 × two days in the full run, 1m and 5m candles, 2 trades a minute so nearly every row is a
 * candle of one or two trades or a flat one: the candles, not the trades, are the load), against a raw JDBC batched
 * upsert of the same rows ({@link CandleSink#UPSERT_SQL}, batches of {@value CandleSinkOptions#DEFAULT_BATCH_SIZE}
 * as the sink's, auto-commit, {@code reWriteBatchedInserts=true}) into the same table of the same PostgreSQL, emptied
 * first. The simulator's weight limit is out of reach (1,000,000 per 3 s): this row is about the sink, the
 * weight row about the limit. The job's figure is rows of the bootstrap over the time from the first row seen in the table to the last
 * bucket of every symbol (the table is polled every 50 ms).
 */
final class SinkBenchmark implements TableBenchmark {

    private static final Instant HISTORY_START = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public String name() {
        return "sink";
    }

    @Override
    public List<BenchRow> run(BenchMode mode) throws Exception {
        int symbols = (int) mode.pick(50, 100);
        long minutes = mode.pick(1440, 2880);
        Instant opens = HISTORY_START.plus(Duration.ofMinutes(minutes));
        String[] names = new String[symbols];
        for (int i = 0; i < symbols; i++) {
            names[i] = String.format(Locale.ROOT, "S%03dUSDT", i);
        }
        try (BenchPostgres postgres = BenchPostgres.start();
                BinanceSimulator exchange = BinanceSimulator.builder().symbols(names).seed(11)
                        .historyStart(HISTORY_START).clock(SimClock.accelerated(opens, 1)).tradesPerMinute(2)
                        .quietStretchEvery(Duration.ZERO).requestWeightLimit(1_000_000)
                        .weightWindow(Duration.ofSeconds(3)).build();
                Connection db = postgres.connect()) {
            exchange.start();
            for (String name : names) {
                exchange.publishedTrades(name); // generate the history before the clock starts counting
            }
            String beforeOpen = " where bucket_start < '" + opens + "'";
            String lastBucket = " where \"interval\" = '1m' and bucket_start = '" + opens.minus(Duration.ofMinutes(1))
                    + "'";
            JobClient job = BenchJob.submitRunning(BenchJob.options(exchange, postgres, HISTORY_START.toString()),
                    BenchJob.productionState());
            long[] firstRowNanos = {0};
            BenchJob.await("the first candle row", Duration.ofMinutes(5), () -> {
                boolean any = BenchPostgres.queryLong(db, "select count(*) from candles", 0) > 0;
                firstRowNanos[0] = System.nanoTime();
                return any;
            });
            RateWindow busiest = new RateWindow(Duration.ofSeconds(2));
            BenchJob.await("every symbol's last bucket", Duration.ofMinutes(20), () -> {
                busiest.sample(System.nanoTime(), BenchPostgres.queryLong(db, "select count(*) from candles", 0));
                return BenchPostgres.queryLong(db, "select count(*) from candles" + lastBucket, 0) >= symbols;
            });
            double jobSeconds = (System.nanoTime() - firstRowNanos[0]) / 1e9;
            BenchJob.cancel(job);
            long rows = BenchPostgres.queryLong(db, "select count(*) from candles" + beforeOpen, 0);
            var stats = exchange.stats();
            System.out.printf(Locale.ROOT, "job: %,d candle rows (%d symbols x %d minutes, 1m+5m) in %.1f s: "
                    + "%,.0f rows/s; simulator: %,d REST requests, weight %,d, %d x 429, %d connections%n", rows,
                    symbols, minutes, jobSeconds, rows / jobSeconds, stats.restRequests(), stats.weightUsed(),
                    stats.weightLimit429s(), stats.connectionsAccepted());
            System.out.printf(Locale.ROOT, "job: busiest 2 s of the bootstrap: %,.0f rows/s%n", busiest.best());

            List<Candle> candles = new ArrayList<>();
            for (Candle candle : CandleTable.readAll(db, "binance")) {
                if (candle.bucketStart() < opens.toEpochMilli()) {
                    candles.add(candle);
                }
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("truncate candles");
                statement.execute("vacuum analyze candles");
            }
            double baselineSeconds = rawBatchedUpsert(postgres, candles);
            System.out.printf(Locale.ROOT, "baseline: %,d rows in %.1f s: %,.0f rows/s%n", candles.size(),
                    baselineSeconds, candles.size() / baselineSeconds);
            String label = String.format(Locale.ROOT, "sink: %d symbols x %d buckets bootstrap vs raw JDBC batch",
                    symbols, minutes);
            return List.of(BenchRow.ofRatio(label, rows / jobSeconds, candles.size() / baselineSeconds, ">= 0.8",
                    "upserts/s"));
        }
    }

    /** The baseline: the same upsert as the sink, batched, with the driver rewriting batches into multi-row inserts. */
    private static double rawBatchedUpsert(BenchPostgres postgres, List<Candle> candles) throws Exception {
        try (Connection connection = postgres.connect("?reWriteBatchedInserts=true");
                PreparedStatement upsert = connection.prepareStatement(CandleSink.UPSERT_SQL)) {
            long start = System.nanoTime();
            int inBatch = 0;
            for (Candle candle : candles) {
                CandleSink.bind(upsert, candle);
                upsert.addBatch();
                if (++inBatch == CandleSinkOptions.DEFAULT_BATCH_SIZE) {
                    upsert.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                upsert.executeBatch();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
