package io.candlestream.verify;

import io.candlestream.candles.Interval;
import io.candlestream.config.JobOptions;
import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;
import io.candlestream.repair.RepairOptions;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.DatabaseUnreachableException;
import io.candlestream.sink.JdbcSettings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code scripts/verify.sh}: compares the candles table with the exchange's own candles (Binance: {@code klines}) for
 * {@code [--from, --to)}, per stream and interval, and prints buckets compared, equal, different (the first few with
 * their fields), missing from the table and only in the table. Exit 0 when every bucket is on both sides and equal,
 * 1 when not, 2 for a bad option, an unreachable database or exchange, or a feed without exchange candles.
 */
public final class VerifyCommand {

    private final PrintStream out;
    private final PrintStream err;

    public VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new VerifyCommand(System.out, System.err).run(args));
    }

    /** Runs the check; returns the exit status. */
    public int run(String... args) {
        if (JobOptions.helpRequested(args)) {
            out.print(JobOptions.usage("scripts/verify.sh",
                    new String[] {"--from", null, "start of the range, ISO-8601 (required); buckets that begin at or"
                            + " after it are compared"},
                    new String[] {"--to", null, "end of the range, ISO-8601 (required, exclusive); buckets still open"
                            + " at the exchange are left out"}));
            return 0;
        }
        // Before the job's option checks, so a feed whose exchange has no candle history is told what can be compared.
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--feed")) {
                Optional<String> unsupported = ExchangeCandleSources.whyNot(args[i + 1]);
                if (unsupported.isPresent()) {
                    err.println("verify: --feed " + args[i + 1] + ": " + unsupported.get());
                    return 2;
                }
            }
        }
        RepairOptions options;
        try {
            options = RepairOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        JobOptions job = options.job();
        Optional<String> unsupported = ExchangeCandleSources.whyNot(job.feed());
        if (unsupported.isPresent()) {
            err.println("verify: --feed " + job.feed() + ": " + unsupported.get());
            return 2;
        }
        JdbcSettings jdbc;
        try {
            jdbc = JdbcSettings.fromEnvironment(job.jdbcUrl(), job.jdbcUser());
            jdbc.checkReachable();
        } catch (IllegalArgumentException | DatabaseUnreachableException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        try (ExchangeCandles exchange = ExchangeCandleSources.open(job.feed(), job.restUrl());
                Connection db = jdbc.connect(Duration.ofSeconds(10))) {
            return compare(options, exchange, db);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("verify: the exchange at " + job.restUrl() + " did not answer: " + cause.getMessage());
            return 2;
        } catch (SQLException e) {
            err.println("verify: reading the candles table failed: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("verify: " + e);
            return 2;
        }
    }

    private int compare(RepairOptions options, ExchangeCandles exchange, Connection db) throws Exception {
        JobOptions job = options.job();
        long serverTime = exchange.serverTime();
        int streamsChecked = 0;
        int streamsEqual = 0;
        long buckets = 0;
        for (String symbol : job.symbols()) {
            StreamId stream = StreamId.of(job.feed(), symbol);
            for (Interval interval : job.intervals()) {
                long size = interval.millis();
                long from = ceil(options.from().toEpochMilli(), size);
                // a bucket still open at the exchange is partial there: compare only closed ones
                long to = Math.min(ceil(options.to().toEpochMilli(), size),
                        Math.floorDiv(serverTime, size) * size);
                String what = String.format(Locale.ROOT, "%s %s %s", job.feed(), symbol, interval.label());
                if (from >= to) {
                    out.println(what + ": no closed bucket in [" + options.from() + ", " + options.to() + ")");
                    continue;
                }
                List<ExchangeCandle> theirs = exchange.candles(stream, interval, from, to,
                        (sofar, wanted, requests) -> err.printf(Locale.ROOT,
                                "  %s: %d/%d exchange candles read (%d requests%s)%n", what, sofar, wanted, requests,
                                exchange instanceof BinanceKlines binance ? ", weight " + binance.weightUse()
                                        + " this minute" : ""));
                List<Candle> ours = CandleTable.readRange(db, stream, interval.label(), from, to);
                CandleDiff diff = CandleDiff.of(ours, theirs);
                print(what, from, to, diff);
                streamsChecked++;
                buckets += diff.compared();
                if (diff.allEqual()) {
                    streamsEqual++;
                }
            }
        }
        boolean whole = streamsChecked > 0 && streamsEqual == streamsChecked;
        out.printf(Locale.ROOT, "verify: %d of %d stream intervals equal to the exchange's candles (%d buckets"
                + " compared)%s%n", streamsEqual, streamsChecked, buckets, whole ? "" : ": NOT EQUAL");
        return whole ? 0 : 1;
    }

    private void print(String what, long from, long to, CandleDiff diff) {
        out.printf(Locale.ROOT, "%s [%s, %s): compared %d, equal %d, different %d, missing %d, only in table %d%n",
                what, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), diff.compared(), diff.equal(),
                diff.differences().size(), diff.missing().size(), diff.extra().size());
        diff.differences().stream().limit(CandleDiff.SHOWN).forEach(d -> out.println("    different " + d));
        diff.missing().stream().limit(CandleDiff.SHOWN)
                .forEach(b -> out.println("    missing in the table " + Instant.ofEpochMilli(b)));
        diff.extra().stream().limit(CandleDiff.SHOWN)
                .forEach(b -> out.println("    only in the table (the exchange has no candle) " + Instant.ofEpochMilli(b)));
    }

    private static long ceil(long millis, long size) {
        return Math.floorDiv(millis + size - 1, size) * size;
    }
}
