package io.candlestream.repair;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.config.JobOptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The repair command line: the job's options ({@code --feed}, {@code --symbols}, {@code --rest-url}, {@code --jdbc-url},
 * {@code --jdbc-user}, {@code --intervals}, {@code --flat-candles}, …) plus the time range {@code --from}/{@code --to}.
 * Immutable.
 *
 * @param job the job options (feed, symbols, history URL, database, intervals, flat candles)
 * @param from start of the range, inclusive: buckets that begin at or after it are checked
 * @param to end of the range, exclusive: buckets that begin before it are checked
 * @param intervalsGiven whether {@code --intervals} was given; without it every interval the table holds for the
 *     streams is checked (see {@link #withIntervals})
 * @param jobArgs the job's own arguments as given, to derive {@link #withIntervals}
 */
public record RepairOptions(JobOptions job, Instant from, Instant to, boolean intervalsGiven, List<String> jobArgs) {

    public RepairOptions {
        jobArgs = List.copyOf(jobArgs);
    }

    /** The same options with {@code --intervals} set to {@code labels} (the intervals the table holds). */
    public RepairOptions withIntervals(List<String> labels) {
        List<String> args = new ArrayList<>(jobArgs);
        args.add("--intervals");
        args.add(String.join(",", labels));
        return new RepairOptions(JobOptions.parse(args.toArray(String[]::new)), from, to, true, args);
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws InvalidOptionException naming the first bad option
     */
    public static RepairOptions parse(String... args) {
        List<String> rest = new ArrayList<>();
        String from = null;
        String to = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--from") || args[i].equals("--to")) {
                if (i + 1 >= args.length) {
                    throw new InvalidOptionException(args[i], "needs a value: an ISO-8601 instant such as "
                            + "2024-01-05T10:00:00Z");
                }
                if (args[i].equals("--from")) {
                    from = args[++i];
                } else {
                    to = args[++i];
                }
            } else {
                rest.add(args[i]);
            }
        }
        Instant fromInstant = instant("--from", from);
        Instant toInstant = instant("--to", to);
        if (!toInstant.isAfter(fromInstant)) {
            throw new InvalidOptionException("--to", "'" + to + "' must be after --from " + from);
        }
        return new RepairOptions(JobOptions.parse(rest.toArray(String[]::new)), fromInstant, toInstant,
                rest.contains("--intervals"), rest);
    }

    private static Instant instant(String option, String value) {
        if (value == null) {
            throw new InvalidOptionException(option, "is required; an ISO-8601 instant such as 2024-01-05T10:00:00Z");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidOptionException(option, "'" + value + "' is not allowed; use an ISO-8601 instant such as "
                    + "2024-01-05T10:00:00Z");
        }
    }
}
