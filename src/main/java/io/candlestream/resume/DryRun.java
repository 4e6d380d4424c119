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
    public record StreamPlan(StreamId stream, Optional<Trade> first, Optional<Trade> last, long ids, HistoryCost cost) {}

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
        FeedAdapter feed = Feeds.byName(options.feed());
        FeedOptions costs = Feeds.options(options.feed());
        ResumeLookup lookup = jdbc == null ? null : new DatabaseResumeLookup(jdbc, options.intervals());
        List<StreamPlan> plans = new ArrayList<>();
        try (HistoryClient history = feed.newHistoryClient(HistorySettings.defaults(options.restUrl()))) {
            StartPositionResolver resolver = new StartPositionResolver(feed, history, lookup);
            for (String symbol : options.symbols()) {
                StreamId stream = StreamId.of(feed.name(), symbol);
                StartPositionResolver.Resolution resolution = resolver.resolveDetailed(stream, options.startFrom());
                Optional<Trade> newest = await(history.latestTrade(stream), stream, "latest trade");
                long from = feed.cursorCodec().toColumn(resolution.split().lastCursor()) + 1;
                long to = newest.map(t -> feed.cursorCodec().toColumn(t.cursor())).orElse(from - 1);
                long ids = Math.max(0, to - from + 1);
                Optional<Trade> first = resolution.firstTrade().filter(t -> ids > 0);
                plans.add(new StreamPlan(stream, first, newest.filter(t -> ids > 0), ids, costs.cost(ids, history)));
            }
        }
        return plans;
    }

    private static void print(JobOptions options, List<StreamPlan> plans, PrintStream out) {
        out.println("Dry run (--start-from " + options.startFrom() + "): nothing is written and no job is submitted.");
        String unit = Feeds.byName(options.feed()).progressUnit();
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
            long fromId = plan.last().get().cursor().height() - plan.ids() + 1;
            String fromTime = plan.first().map(t -> " (" + Instant.ofEpochMilli(t.time()) + ")").orElse("");
            out.println(String.format(Locale.ROOT, "[%s] load %s %d%s → %d (%s): %,d %s, %,d requests, %s %,d,"
                            + " about %s at %s",
                    plan.stream(), unit, fromId, fromTime, plan.last().get().cursor().height(),
                    Instant.ofEpochMilli(plan.last().get().time()), plan.ids(), unit, cost.requests(), cost.unit(),
                    cost.amount(), format(cost.atLimit()), cost.limit()));
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
