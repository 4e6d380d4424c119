package io.candlestream.resume;

import static io.candlestream.feed.HistoryLookup.await;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.config.JobOptions;
import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.HistoryCost;
import io.candlestream.model.StreamId;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Gap;
import io.candlestream.model.Cursor;
import io.candlestream.model.Trade;
import io.candlestream.sink.DatabaseUnreachableException;
import io.candlestream.sink.JdbcSettings;
import io.candlestream.source.enumerator.StartPositionResolver;
import io.candlestream.source.enumerator.StartPositionUnavailableException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --dry-run}: resolves each stream's start position with the same look-ups the job makes and prints the history
 * range it would load, the requests and weight that takes and the time at the exchange's weight limit; writes nothing.
 */
public final class DryRun {

    private DryRun() {}

    /**
     * One stream's plan.
     *
     * @param stream the stream
     * @param first the first trade to load, if any
     * @param last the newest trade, the end of the range, if any
     * @param ids ids in the range (0: nothing to load)
     * @param cost the history requests, their cost in the feed's unit and the time at the feed's limit
     */
    /**
     * One stream's plan: {@code units} of the feed's progress unit to load, from position {@code from} to {@code to}
     * (inclusive; heights of ids or blocks), the last one at {@code toTime} when known.
     */
    public record StreamPlan(StreamId stream, Optional<Trade> first, long from, long to, Long toTime, long ids,
            HistoryCost cost) {}

    /** Whether the command line asks for a dry run (a bad command line is left to the normal path to report). */
    public static boolean requested(String[] args) {
        try {
            return JobOptions.parse(args).dryRun();
        } catch (InvalidOptionException e) {
            return false;
        }
    }

    /** Prints the plan to {@code out}; returns the exit status: 0, or 2 with one line on {@code err}. */
    public static int runOrExplain(String[] args, PrintStream out, PrintStream err) {
        try {
            JobOptions options = JobOptions.parse(args);
            JdbcSettings jdbc = null;
            if (options.startFrom().kind() == StartPosition.Kind.DB) {
                jdbc = JdbcSettings.fromEnvironment(options.jdbcUrl(), options.jdbcUser());
                jdbc.checkReachable();
            }
            print(options, plan(options, jdbc), out);
            return 0;
        } catch (IllegalArgumentException | DatabaseUnreachableException | HistoryException
                | StartPositionUnavailableException | IllegalStateException e) {
            err.println("candlestream: " + e.getMessage());
            return 2;
        }
    }

    /** The plan of every stream; reads the candles table (never writes it) when starting from {@code db}. */
    public static List<StreamPlan> plan(JobOptions options, JdbcSettings jdbc) {
        FeedAdapter feed = options.feedAdapter().resolved(HistorySettings.defaults(options.restUrl()), options.symbols());
        FeedOptions costs = Feeds.options(options.feed());
        ResumeLookup lookup = jdbc == null ? null : new DatabaseResumeLookup(jdbc, options.intervals());
        List<StreamPlan> plans = new ArrayList<>();
        try (HistoryClient history = feed.newHistoryClient(HistorySettings.defaults(options.restUrl()))) {
            StartPositionResolver resolver = new StartPositionResolver(feed, history, lookup);
            for (String symbol : options.symbols()) {
                StreamId stream = StreamId.of(feed.name(), symbol);
                StartPositionResolver.Resolution resolution = resolver.resolveDetailed(stream, options.startFrom());
                Cursor after = resolution.split().lastCursor();
                if (feed.denseCursors()) {
                    Optional<Trade> newest = await(history.latestTrade(stream), stream, "latest trade");
                    long from = feed.cursorCodec().toColumn(after) + 1;
                    long to = newest.map(t -> feed.cursorCodec().toColumn(t.cursor())).orElse(from - 1);
                    long ids = Math.max(0, to - from + 1);
                    Optional<Trade> first = resolution.firstTrade().filter(t -> ids > 0);
                    plans.add(new StreamPlan(stream, first, from, to, newest.map(Trade::time).orElse(null), ids,
                            costs.cost(ids, history)));
                } else {
                    // A sparse feed loads positions, not trades: from the block after the cursor to the newest one the
                    // probe calls safe (a chain's confirmed head).
                    StreamProbe probe = await(history.probe(stream, feed.publicationDelay()), stream, "newest position");
                    Cursor newest = probe.newest();
                    long units = newest == null || !newest.isAfter(after) ? 0
                            : feed.backlogUnits(new Gap(stream, after, feed.successor(newest)));
                    long from = after.index() < 0 ? after.height() : after.height() + (units > 0 ? 0 : 1);
                    plans.add(new StreamPlan(stream, Optional.empty(), from, newest == null ? from : newest.height(),
                            probe.safeTime(), units, costs.cost(units, history)));
                }
            }
        }
        return plans;
    }

    private static void print(JobOptions options, List<StreamPlan> plans, PrintStream out) {
        out.println("Dry run (--start-from " + options.startFrom() + "): nothing is written and no job is submitted.");
        String unit = options.feedAdapter().progressUnit();
        long requests = 0;
        long amount = 0;
        Duration atLimit = Duration.ZERO;
        String costUnit = "";
        for (StreamPlan plan : plans) {
            HistoryCost cost = plan.cost();
            requests += cost.requests();
            amount += cost.amount();
            atLimit = atLimit.plus(cost.atLimit());
            costUnit = cost.unit();
            if (plan.ids() == 0) {
                out.println("[" + plan.stream() + "] nothing to load from history: the stream starts at its newest trade");
                continue;
            }
            String fromTime = plan.first().map(t -> " (" + Instant.ofEpochMilli(t.time()) + ")").orElse("");
            String toTime = plan.toTime() == null ? "" : " (" + Instant.ofEpochMilli(plan.toTime()) + ")";
            out.println(String.format(Locale.ROOT, "[%s] load %s %d%s → %d%s: %,d %s, %,d requests, %s %,d,"
                            + " about %s at %s",
                    plan.stream(), unit, plan.from(), fromTime, plan.to(), toTime, plan.ids(), unit, cost.requests(),
                    cost.unit(), cost.amount(), format(cost.atLimit()), cost.limit()));
        }
        out.println(String.format(Locale.ROOT, "total: %,d requests, %s %,d, about %s at the feed's limit",
                requests, costUnit.isEmpty() ? "cost" : costUnit, amount, format(atLimit)));
    }

    private static String format(Duration d) {
        if (d.toMinutes() >= 60) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toSeconds() >= 60) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

}
