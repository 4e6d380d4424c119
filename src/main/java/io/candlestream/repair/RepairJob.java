package io.candlestream.repair;

import static io.candlestream.feed.HistoryLookup.await;

import io.candlestream.CandlestreamJob;
import io.candlestream.audit.BackfillAuditSplit;
import io.candlestream.backfill.AuditedBackfillFunction;
import io.candlestream.candles.CandleFunction;
import io.candlestream.candles.DedupFunction;
import io.candlestream.candles.Interval;
import io.candlestream.candles.TradeTimestampOperator;
import io.candlestream.config.JobOptions;
import io.candlestream.feed.CursorCodec;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Candle;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.Gap;
import io.candlestream.model.GapReason;
import io.candlestream.model.StreamId;
import io.candlestream.model.StreamStart;
import io.candlestream.model.Trade;
import io.candlestream.sink.CandleSink;
import io.candlestream.sink.CandleSinkOptions;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.DatabaseUnreachableException;
import io.candlestream.sink.JdbcSettings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code scripts/repair.sh}: a bounded Flink job that finds, for a feed, symbols and time range, the candles that are
 * missing or whose cursors do not chain ({@link ChainCheck}), loads exactly the trades of those buckets from history
 * and rewrites exactly those candles with the job's own operators (backfill, dedup, {@link CandleFunction}, upsert
 * sink). Idempotent, and safe while the live job runs: a rewritten candle equals what the live job writes.
 *
 * <p>Exit status: 0 when the range is whole afterwards, 1 when it is not (the remaining problems are printed), 2 for
 * a bad option or an unreachable database.
 */
public final class RepairJob {


    /** Rewrite rounds at most: a row after a missing bucket is checked only once that bucket is back. */
    private static final int MAX_ROUNDS = 3;

    private RepairJob() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, StreamExecutionEnvironment.getExecutionEnvironment(), System.out, System.err));
    }

    /** Runs a repair on {@code env} (a local or mini cluster environment); returns the exit status. */
    public static int run(String[] args, StreamExecutionEnvironment env, PrintStream out, PrintStream err)
            throws Exception {
        if (JobOptions.helpRequested(args)) {
            out.print(JobOptions.usage("scripts/repair.sh",
                    new String[] {"--from", null, "start of the range, an ISO-8601 instant (required)"},
                    new String[] {"--to", null, "end of the range, exclusive, an ISO-8601 instant (required)"}));
            out.println("Without --intervals every interval the table holds for the streams is checked; with"
                    + " --dry-run nothing is written.");
            return 0;
        }
        RepairOptions options;
        JdbcSettings jdbc;
        try {
            options = RepairOptions.parse(args);
            jdbc = CandlestreamJob.prepareDatabase(options.job());
        } catch (IllegalArgumentException | DatabaseUnreachableException e) {
            err.println("candlestream repair: " + e.getMessage());
            return 2;
        }
        FeedAdapter feed;
        try {
            feed = options.job().feedAdapter().resolved(HistorySettings.defaults(options.job().restUrl()), options.job().symbols());
        } catch (IllegalArgumentException | HistoryException e) {
            err.println("candlestream repair: " + e.getMessage());
            return 2;
        }
        if (!options.intervalsGiven()) {
            List<String> held;
            try {
                held = TableIntervals.held(jdbc, feed.name(), options.job().symbols());
            } catch (IllegalStateException | DatabaseUnreachableException e) {
                err.println("candlestream repair: " + e.getMessage());
                return 2;
            }
            if (held.isEmpty()) {
                out.println("The table holds no candles of " + options.job().symbols() + " yet; checking "
                        + Interval.labels(options.job().intervals()));
            } else {
                options = options.withIntervals(held);
            }
        }
        JobOptions job = options.job();
        String checked = Interval.labels(job.intervals());
        long from = options.from().toEpochMilli();
        long to = options.to().toEpochMilli();
        out.println("Checking " + job.feed() + " " + job.symbols() + " " + checked + " buckets beginning in ["
                + options.from() + ", " + options.to() + ")" + (options.intervalsGiven() ? "" : " (--intervals not "
                + "given: every interval the table holds)") + (job.dryRun() ? "; dry run: nothing is written" : ""));

        Map<StreamId, Map<Interval, ChainCheck.Result>> found = inspect(jdbc, feed, job, from, to);
        if (!feed.denseCursors()) {
            found = rebuildAll(found, job, from, to);
        }
        if (report(found, out) == 0) {
            out.println("The range is whole (checked " + checked + "): nothing to repair.");
            return 0;
        }
        if (job.dryRun()) {
            return dryRun(feed, job, found, out, err);
        }
        long rewritten = 0;
        List<String> unfixable = new ArrayList<>();
        Map<StreamId, Map<Interval, ChainCheck.Result>> after = found;
        for (int round = 1; round <= MAX_ROUNDS && countTargets(after) > 0; round++) {
            if (round > 1) {
                out.println("Round " + round + ": rows next to rebuilt buckets can be checked now.");
                report(after, out);
            }
            Map<String, TreeSet<Long>> targets = new LinkedHashMap<>();
            List<FeedEvent> events = new ArrayList<>();
            unfixable.clear();
            try (HistoryClient history = feed.newHistoryClient(HistorySettings.defaults(job.restUrl()))) {
                for (Map.Entry<StreamId, Map<Interval, ChainCheck.Result>> entry : after.entrySet()) {
                    plan(feed, history, entry.getKey(), entry.getValue(), targets, events, unfixable, out);
                }
            } catch (HistoryException e) {
                err.println("candlestream repair: " + e.getMessage());
                return 1;
            }
            long candles = targets.values().stream().mapToLong(TreeSet::size).sum();
            if (events.isEmpty() || candles == 0) {
                break;
            }
            out.println("Rewriting " + candles + " candles from history (bounded Flink job)…");
            targets.forEach((key, buckets) -> {
                if (!buckets.isEmpty()) {
                    out.println("  [" + key + "] " + buckets.size() + " candles, " + Instant.ofEpochMilli(
                            buckets.first()) + " .. " + Instant.ofEpochMilli(buckets.last()));
                }
            });
            long started = System.nanoTime();
            execute(env, job, feed, jdbc, events, targets);
            rewritten += candles;
            after = inspect(jdbc, feed, job, from, to);
            for (var stream : after.entrySet()) {
                long left = stream.getValue().values().stream().mapToLong(r -> r.targets().size()).sum();
                out.println("  [" + stream.getKey() + "] rewritten; " + (left == 0 ? "whole now"
                        : left + " buckets still broken"));
            }
            out.println(String.format(java.util.Locale.ROOT, "Round %d done in %.1f s.", round,
                    (System.nanoTime() - started) / 1e9));
        }
        long remaining = countTargets(after);
        out.println("Rewrote " + rewritten + " candles; " + countTargets(found) + " buckets were found broken, "
                + remaining + " still are.");
        unfixable.forEach(line -> err.println("candlestream repair: " + line));
        if (remaining == 0) {
            out.println("The range is whole. Checked intervals: " + checked + ".");
            return 0;
        }
        err.println("candlestream repair: the range is still not whole:");
        report(after, err);
        return 1;
    }

    /**
     * {@code --dry-run}: prints what is broken (already done) and what a repair would rewrite, with the history
     * look-ups that resolve each range (read only); writes nothing. Exit status 1: the range is not whole.
     */
    private static int dryRun(FeedAdapter feed, JobOptions job, Map<StreamId, Map<Interval, ChainCheck.Result>> found,
            PrintStream out, PrintStream err) {
        Map<String, TreeSet<Long>> targets = new LinkedHashMap<>();
        List<FeedEvent> events = new ArrayList<>();
        List<String> unfixable = new ArrayList<>();
        try (HistoryClient history = feed.newHistoryClient(HistorySettings.defaults(job.restUrl()))) {
            for (Map.Entry<StreamId, Map<Interval, ChainCheck.Result>> entry : found.entrySet()) {
                plan(feed, history, entry.getKey(), entry.getValue(), targets, events, unfixable, out);
            }
        } catch (HistoryException e) {
            err.println("candlestream repair: " + e.getMessage());
            return 1;
        }
        unfixable.forEach(line -> err.println("candlestream repair: " + line));
        long candles = targets.values().stream().mapToLong(TreeSet::size).sum();
        out.println("Dry run: a repair would rewrite " + candles + " candles in " + events.stream()
                .filter(e -> e instanceof Gap).count() + " history pages; nothing was written.");
        return 1;
    }

    /**
     * A chain's candles can be wrong and still chain (a reorganisation deeper than the confirmation depth replaced
     * swaps after they were written), so the first round of a chain repair rebuilds every bucket of the range from the
     * canonical chain; later rounds only check.
     */
    private static Map<StreamId, Map<Interval, ChainCheck.Result>> rebuildAll(
            Map<StreamId, Map<Interval, ChainCheck.Result>> found, JobOptions job, long from, long to) {
        Map<StreamId, Map<Interval, ChainCheck.Result>> all = new LinkedHashMap<>();
        found.forEach((stream, byInterval) -> {
            Map<Interval, ChainCheck.Result> rebuilt = new LinkedHashMap<>();
            byInterval.forEach((interval, result) -> {
                TreeSet<Long> targets = new TreeSet<>(result.targets());
                long len = interval.millis();
                for (long b = Math.floorDiv(from + len - 1, len) * len; b < to; b += len) {
                    targets.add(b);
                }
                List<String> problems = new ArrayList<>(result.problems());
                problems.add(targets.size() + " buckets rebuilt from the canonical chain (a chain's cursors cannot "
                        + "show a reorganisation the live job missed)");
                rebuilt.put(interval, new ChainCheck.Result(targets, problems));
            });
            all.put(stream, rebuilt);
        });
        return all;
    }

    private static long countTargets(Map<StreamId, Map<Interval, ChainCheck.Result>> found) {
        return found.values().stream().flatMap(m -> m.values().stream()).mapToLong(r -> r.targets().size()).sum();
    }

    /** Checks every stream and interval of the range against the table. */
    static Map<StreamId, Map<Interval, ChainCheck.Result>> inspect(JdbcSettings jdbc, FeedAdapter feed, JobOptions job,
            long from, long to) throws SQLException {
        Map<StreamId, Map<Interval, ChainCheck.Result>> found = new LinkedHashMap<>();
        try (Connection connection = jdbc.connect(Duration.ofSeconds(10))) {
            for (String symbol : job.symbols()) {
                StreamId stream = StreamId.of(feed.name(), symbol);
                Map<Interval, ChainCheck.Result> byInterval = new LinkedHashMap<>();
                for (Interval interval : job.intervals()) {
                    long len = interval.millis();
                    long firstBucket = Math.floorDiv(from + len - 1, len) * len;
                    List<Candle> rows = CandleTable.readRange(connection, stream, interval.label(), firstBucket - len,
                            to);
                    byInterval.put(interval, ChainCheck.check(rows, len, from, to, job.flatCandles(),
                            feed.denseCursors()));
                }
                found.put(stream, byInterval);
            }
        }
        return found;
    }

    private static int report(Map<StreamId, Map<Interval, ChainCheck.Result>> found, PrintStream out) {
        int problems = 0;
        for (var stream : found.entrySet()) {
            for (var interval : stream.getValue().entrySet()) {
                List<String> lines = interval.getValue().problems();
                problems += lines.size();
                if (!lines.isEmpty()) {
                    out.println("[" + stream.getKey() + " " + interval.getKey().label() + "] " + lines.size()
                            + " problems, " + interval.getValue().targets().size() + " buckets to rewrite:");
                    lines.forEach(line -> out.println("  " + line));
                }
            }
        }
        return problems;
    }

    /**
     * Turns one stream's target buckets into time ranges, resolves each range's ids with history look-ups and adds
     * the events that load them: a {@link StreamStart} (buckets before the first range are not written) and the gaps.
     *
     * <p>A range {@code [s, e)} loads ids from the last trade before {@code s} (its close is what the range's first
     * flat candles carry) to the first trade at or after {@code e} (which proves the range's last bucket complete);
     * the candles of those edge trades' buckets are not targets, so they are never written partial.
     */
    private static void plan(FeedAdapter feed, HistoryClient history, StreamId stream,
            Map<Interval, ChainCheck.Result> results, Map<String, TreeSet<Long>> targets, List<FeedEvent> events,
            List<String> unfixable, PrintStream out) {
        List<long[]> ranges = new ArrayList<>();
        for (var entry : results.entrySet()) {
            for (long bucket : entry.getValue().targets()) {
                ranges.add(new long[] {bucket, bucket + entry.getKey().millis()});
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        if (!feed.denseCursors()) {
            planPositions(feed, history, stream, results, merged, targets, events, unfixable, out);
            return;
        }
        CursorCodec codec = feed.cursorCodec();
        List<FeedEvent> streamEvents = new ArrayList<>();
        long fetchedUpTo = Long.MIN_VALUE;
        for (long[] range : merged) {
            long s = range[0];
            long e = range[1];
            String span = "[" + Instant.ofEpochMilli(s) + ", " + Instant.ofEpochMilli(e) + ")";
            Optional<Trade> first = await(history.firstTradeAtOrAfter(stream, s), stream, "first trade at " + s);
            if (first.isEmpty()) {
                unfixable.add("[" + stream + "] " + span + ": the exchange has no trade at or after its start yet");
                continue;
            }
            long startId = codec.toColumn(first.get().cursor());
            if (codec == CursorCodec.DENSE_ID && startId > 0) {
                Cursor before = feed.predecessor(first.get().cursor());
                if (await(history.tradeAt(stream, before), stream, "trade " + before).isEmpty()) {
                    unfixable.add("[" + stream + "] " + span + ": the exchange no longer serves trade " + before
                            + ", the last one before the range");
                    continue;
                }
                startId = codec.toColumn(before);
            }
            Optional<Trade> end = await(history.firstTradeAtOrAfter(stream, e), stream, "first trade at " + e);
            boolean proven = end.isPresent();
            if (!proven) {
                end = await(history.latestTrade(stream), stream, "latest trade");
            }
            long endTime = end.get().time();
            long endId = codec.toColumn(end.get().cursor());
            int rangeTargets = addTargets(stream, results, s, e, endTime, targets, unfixable,
                    "is not final yet (newest trade at " + Instant.ofEpochMilli(endTime) + ")");
            long fromId = Math.max(startId, fetchedUpTo + 1);
            out.println("[" + stream + "] " + span + ": " + rangeTargets + " candles from ids " + startId + ".." + endId);
            if (fromId <= endId) {
                Gap gap = new Gap(stream, codec.fromColumn(fromId - 1), codec.fromColumn(endId + 1), GapReason.REPAIR);
                streamEvents.addAll(feed.chunk(gap));
                fetchedUpTo = endId;
            }
            if (streamEvents.size() > 0 && !(streamEvents.get(0) instanceof StreamStart)) {
                streamEvents.add(0, new StreamStart(stream, s));
            }
        }
        events.addAll(streamEvents);
    }

    /**
     * Adds the target buckets of {@code [s, e)} that end by {@code endTime} to {@code targets}; the others are
     * unfixable for now, {@code notFinal} says why. Returns how many were added.
     */
    private static int addTargets(StreamId stream, Map<Interval, ChainCheck.Result> results, long s, long e,
            long endTime, Map<String, TreeSet<Long>> targets, List<String> unfixable, String notFinal) {
        int added = 0;
        for (var entry : results.entrySet()) {
            long len = entry.getKey().millis();
            TreeSet<Long> set = targets.computeIfAbsent(
                    RepairTargetFilter.key(stream.toString(), entry.getKey().label()), k -> new TreeSet<>());
            for (long bucket : entry.getValue().targets().subSet(s, e)) {
                if (bucket + len <= endTime) {
                    set.add(bucket);
                    added++;
                } else {
                    unfixable.add("[" + stream + " " + entry.getKey().label() + "] " + Instant.ofEpochMilli(bucket)
                            + " " + notFinal);
                }
            }
        }
        return added;
    }

    /** How far back a chain repair looks for the last swap before a range (its close carries into flat candles). */
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofHours(1), Duration.ofHours(6),
            Duration.ofDays(1), Duration.ofDays(7));

    /**
     * {@link #plan} for a sparse feed (a chain): each range {@code [s, e)} loads from the last trade before {@code s}
     * (searched back up to a week) to the first block at or after {@code e}, which the node only reports once it is
     * confirmed, so every bucket of the range is final; without such a block the range ends at the confirmed head.
     */
    private static void planPositions(FeedAdapter feed, HistoryClient history, StreamId stream,
            Map<Interval, ChainCheck.Result> results, List<long[]> ranges, Map<String, TreeSet<Long>> targets,
            List<FeedEvent> events, List<String> unfixable, PrintStream out) {
        List<FeedEvent> streamEvents = new ArrayList<>();
        Cursor fetchedUpTo = null;
        for (long[] range : ranges) {
            long s = range[0];
            long e = range[1];
            String span = "[" + Instant.ofEpochMilli(s) + ", " + Instant.ofEpochMilli(e) + ")";
            Optional<Cursor> startBlock = await(history.firstPositionAtOrAfter(stream, s), stream,
                    "first block at " + Instant.ofEpochMilli(s));
            if (startBlock.isEmpty()) {
                unfixable.add("[" + stream + "] " + span + ": the chain has no confirmed block at or after its start");
                continue;
            }
            Cursor after = feed.predecessor(startBlock.get());
            for (Duration back : LOOK_BACK) {
                Optional<Cursor> from = await(history.firstPositionAtOrAfter(stream, s - back.toMillis()), stream,
                        "first block at " + Instant.ofEpochMilli(s - back.toMillis()));
                List<Trade> before = from.isEmpty() || !startBlock.get().isAfter(from.get()) ? List.of()
                        : await(history.fetch(new Gap(stream, feed.predecessor(from.get()), startBlock.get())), stream,
                                "swaps in the " + back + " before " + Instant.ofEpochMilli(s));
                if (!before.isEmpty()) {
                    after = feed.predecessor(before.get(before.size() - 1).cursor());
                    break;
                }
            }
            Optional<Cursor> endBlock = await(history.firstPositionAtOrAfter(stream, e), stream,
                    "first block at " + Instant.ofEpochMilli(e));
            Cursor before;
            long endTime;
            if (endBlock.isPresent()) {
                before = endBlock.get();
                endTime = e;
            } else {
                StreamProbe probe = await(history.probe(stream, feed.publicationDelay()), stream, "confirmed block");
                before = feed.successor(probe.newest());
                endTime = probe.safeTime() + 1;
            }
            int rangeTargets = addTargets(stream, results, s, e, endTime, targets, unfixable,
                    "is not confirmed yet (confirmed up to " + Instant.ofEpochMilli(endTime) + ")");
            if (fetchedUpTo != null && fetchedUpTo.isAfter(after)) {
                after = fetchedUpTo;
            }
            out.println("[" + stream + "] " + span + ": " + rangeTargets + " candles from " + feed.progressUnit()
                    + " " + after + " to " + before);
            if (before.isAfter(feed.successor(after))) {
                streamEvents.addAll(feed.chunk(new Gap(stream, after, before, GapReason.REPAIR)));
                fetchedUpTo = feed.predecessor(before);
            }
            if (!streamEvents.isEmpty() && !(streamEvents.get(0) instanceof StreamStart)) {
                streamEvents.add(0, new StreamStart(stream, s));
            }
        }
        events.addAll(streamEvents);
    }

    private static void execute(StreamExecutionEnvironment env, JobOptions job, FeedAdapter feed, JdbcSettings jdbc,
            List<FeedEvent> events, Map<String, TreeSet<Long>> targets) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.setParallelism(1);
        HistorySettings history = HistorySettings.defaults(job.restUrl());
        DataStream<FeedEvent> ranges = env.fromData(events, FeedEventTypeInfo.INSTANCE).name("Repair ranges");
        // The repair's fills go to the backfills audit table like the live job's (reason REPAIR).
        try (java.sql.Connection connection = jdbc.connect(Duration.ofSeconds(10))) {
            io.candlestream.sink.BackfillTable.ensureExists(connection);
        }
        SingleOutputStreamOperator<FeedEvent> filled = AuditedBackfillFunction.apply(ranges, feed, history,
                        job.backfillTimeout(), job.backfillCapacity())
                .process(new BackfillAuditSplit(), FeedEventTypeInfo.INSTANCE)
                .name(BackfillAuditSplit.NAME);
        filled.getSideOutput(BackfillAuditSplit.RECORDS)
                .sinkTo(io.candlestream.sink.BackfillSink.create(jdbc, CandleSinkOptions.defaults()))
                .name("Insert backfills (JDBC)");
        DataStream<FeedEvent> trades = filled
                .transform("Trade time as event time", FeedEventTypeInfo.INSTANCE, new TradeTimestampOperator());
        trades.keyBy(event -> event.stream().toString(), Types.STRING)
                .process(new DedupFunction(), FeedEventTypeInfo.INSTANCE)
                .name("Drop duplicates")
                .keyBy(event -> event.stream().toString(), Types.STRING)
                .process(new CandleFunction(job.intervals(), job.flatCandles(), Duration.ZERO, feed.cursorCodec()),
                        TypeInformation.of(Candle.class))
                .name("Candles (same operator as the live job)")
                .filter(new RepairTargetFilter(targets))
                .name("Only the candles to rewrite")
                .sinkTo(CandleSink.create(jdbc, CandleSinkOptions.defaults()))
                .name("Upsert candles (JDBC)");
        env.execute("Candlestream repair " + job.feed() + " " + String.join(",", job.symbols()));
    }

}
