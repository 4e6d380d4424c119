package io.candlestream.config;

import io.candlestream.candles.Interval;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.Feeds;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The job's command line, parsed and validated: every value is checked before anything is submitted, and a bad one
 * stops the job with a one-line message naming the option and what is allowed. Immutable.
 *
 * <p>Secrets are never options (program arguments are shown in the web UI): the database password comes from
 * {@code CANDLESTREAM_JDBC_PASSWORD} or the file named by {@code CANDLESTREAM_JDBC_PASSWORD_FILE}.
 */
public final class JobOptions implements Serializable {

    /** Every option with its default ({@code null}: required or unset) and a one-line description, in README order. */
    public static final Map<String, String[]> OPTIONS = options();


    /** Options that may be given without a value, meaning {@code true}. */
    private static final Set<String> FLAGS = Set.of("--dry-run");

    private final String feed;
    private final List<String> symbols;
    private final String wsUrl;
    private final String restUrl;
    private final List<Interval> intervals;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final StartPosition startFrom;
    private final Duration checkpointInterval;
    private final Integer parallelism;
    private final boolean flatCandles;
    private final Duration allowedLateness;
    private final Duration silenceTimeout;
    private final Duration quietProbeInterval;
    private final int socketBuffer;
    private final Duration backfillTimeout;
    private final int backfillCapacity;
    private final boolean dryRun;
    private final Map<String, String> feedOptions;

    private JobOptions(Map<String, String> v, FeedOptions feedSpec, Map<String, String> feedValues) {
        feed = feedSpec.name();
        feedOptions = Collections.unmodifiableMap(new LinkedHashMap<>(feedValues));
        symbols = parseSymbols(feedSpec, require(v, "--symbols"));
        wsUrl = url("--ws-url", v.get("--ws-url"), "ws://", "wss://");
        restUrl = url("--rest-url", v.get("--rest-url"), "http://", "https://");
        intervals = parseIntervals(v.get("--intervals"));
        jdbcUrl = require(v, "--jdbc-url");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidOptionException("--jdbc-url", "'" + jdbcUrl
                    + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:port/database");
        }
        jdbcUser = v.get("--jdbc-user");
        startFrom = StartPosition.parse(v.get("--start-from"));
        checkpointInterval = positive("--checkpoint-interval", Durations.parse("--checkpoint-interval",
                v.get("--checkpoint-interval")));
        parallelism = v.get("--parallelism") == null ? null : intAtLeast("--parallelism", v.get("--parallelism"), 1);
        flatCandles = bool("--flat-candles", v.get("--flat-candles"));
        allowedLateness = Durations.parse("--allowed-lateness", v.get("--allowed-lateness"));
        silenceTimeout = positive("--silence-timeout", Durations.parse("--silence-timeout", v.get("--silence-timeout")));
        quietProbeInterval = positive("--quiet-probe-interval",
                Durations.parse("--quiet-probe-interval", v.get("--quiet-probe-interval")));
        socketBuffer = intAtLeast("--socket-buffer", v.get("--socket-buffer"), 16);
        backfillTimeout = positive("--backfill-timeout", Durations.parse("--backfill-timeout", v.get("--backfill-timeout")));
        backfillCapacity = intAtLeast("--backfill-capacity", v.get("--backfill-capacity"), 1);
        dryRun = bool("--dry-run", v.get("--dry-run"));
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws InvalidOptionException naming the first bad option
     */
    public static JobOptions parse(String... args) {
        return parse(Feeds.ALL, args);
    }

    /** Parses {@code args} against the feeds {@code feeds} (tests add feeds of their own). */
    public static JobOptions parse(List<FeedOptions> feeds, String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((name, spec) -> values.put(name, spec[0]));
        Map<String, String> feedValues = new LinkedHashMap<>();
        Map<String, FeedOptions> feedOptionOwner = new LinkedHashMap<>();
        for (FeedOptions feed : feeds) {
            feed.extraOptions().keySet().forEach(name -> feedOptionOwner.putIfAbsent(name, feed));
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--jdbc-password") || name.equals("--password")) {
                throw new InvalidOptionException(name, "passwords are never program arguments (the web UI shows "
                        + "them); set CANDLESTREAM_JDBC_PASSWORD or CANDLESTREAM_JDBC_PASSWORD_FILE instead");
            }
            if (feedOptionOwner.containsKey(name)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new InvalidOptionException(name, "needs a value");
                }
                feedValues.put(name, args[++i]);
                continue;
            }
            if (!OPTIONS.containsKey(name)) {
                throw new InvalidOptionException(name, "unknown option; allowed: " + String.join(" ", OPTIONS.keySet()));
            }
            if (FLAGS.contains(name) && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                values.put(name, "true");
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new InvalidOptionException(name, "needs a value");
            }
            values.put(name, args[++i]);
        }
        FeedOptions feed = Feeds.options(feeds, require(values, "--feed").toLowerCase(Locale.ROOT));
        for (String name : feedValues.keySet()) {
            FeedOptions owner = feedOptionOwner.get(name);
            if (!feed.extraOptions().containsKey(name)) { // several feeds may declare one name (--confirmations)
                throw new InvalidOptionException(name, "belongs to --feed " + owner.name() + ", not to --feed "
                        + feed.name());
            }
        }
        feed.extraOptions().forEach((name, spec) -> {
            if (!feedValues.containsKey(name) && spec[0] != null) {
                feedValues.put(name, spec[0]);
            }
        });
        if (values.get("--ws-url") == null) {
            values.put("--ws-url", feed.defaultWsUrl());
        }
        if (values.get("--rest-url") == null) {
            values.put("--rest-url", feed.defaultRestUrl());
        }
        return new JobOptions(values, feed, feedValues);
    }

    /** Whether the command line asks for the option list ({@code --help} or {@code -h}, anywhere). */
    public static boolean helpRequested(String... args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every option with its default and what it means, for {@code --help}; {@code extra} are a command's own options
     * (name, default or null, description), listed first.
     */
    public static String usage(String command, String[]... extra) {
        StringBuilder text = new StringBuilder("usage: ").append(command).append(" [options]\n\noptions:\n");
        for (String[] option : extra) {
            appendOption(text, option[0], option[1], option[2]);
        }
        OPTIONS.forEach((name, spec) -> appendOption(text, name, spec[0], spec[1]));
        appendOption(text, "--help, -h", null, "print this list and exit");
        for (FeedOptions feed : Feeds.ALL) {
            text.append("\n--feed ").append(feed.name()).append(": --ws-url ").append(feed.defaultWsUrl())
                    .append(", --rest-url ").append(feed.defaultRestUrl())
                    .append(feed.needsToken() ? ", token from " + feed.token().variable() + " or "
                            + feed.token().fileVariable() : "").append("\n");
            feed.extraOptions().forEach((name, spec) -> appendOption(text, name, spec[0], spec[1]));
        }
        text.append("\nDurations: 500ms, 10s, 2min (or 2m), 1h, 1d. The database password comes from ")
                .append("CANDLESTREAM_JDBC_PASSWORD or the file named by CANDLESTREAM_JDBC_PASSWORD_FILE, never ")
                .append("from an option.\n");
        return text.toString();
    }

    private static void appendOption(StringBuilder text, String name, String defaultValue, String description) {
        text.append(String.format(Locale.ROOT, "  %-24s %s%s%n", name, description,
                defaultValue == null ? "" : " (default: " + defaultValue + ")"));
    }

    private static Map<String, String[]> options() {
        Map<String, String[]> o = new LinkedHashMap<>();
        o.put("--feed", new String[] {"binance", "the feed: " + String.join(", ",
                Feeds.ALL.stream().map(FeedOptions::name).toList())});
        o.put("--symbols", new String[] {null, "comma-separated symbols as the feed writes them, e.g. XRPETH,BTCUSDT"
                + " (required)"});
        o.put("--ws-url", new String[] {null, "live WebSocket base URL (default: the feed's, see below)"});
        o.put("--rest-url", new String[] {null, "history REST base URL (default: the feed's, see below)"});
        o.put("--intervals", new String[] {"1m", "comma-separated candle intervals: 1m,3m,5m,15m,30m,1h,2h,4h,6h,8h,12h,1d"});
        o.put("--jdbc-url", new String[] {null, "jdbc:postgresql://host:port/database (required)"});
        o.put("--jdbc-user", new String[] {null, "database user; the password comes from CANDLESTREAM_JDBC_PASSWORD"});
        o.put("--start-from", new String[] {"db", "where a stream without Flink state starts: " + StartPosition.ALLOWED});
        o.put("--checkpoint-interval", new String[] {"10s", "how often Flink checkpoints"});
        o.put("--parallelism", new String[] {null, "job parallelism (default: the cluster's)"});
        o.put("--flat-candles", new String[] {"true", "write flat candles (previous close, volume 0) for buckets without trades"});
        o.put("--allowed-lateness", new String[] {"0s", "how long after a bucket closes a late trade still updates its row"});
        o.put("--silence-timeout", new String[] {"60s", "reconnect when the socket sends no frame for this long"});
        o.put("--quiet-probe-interval", new String[] {"5s", "how often a quiet stream asks the exchange whether it missed trades, so its candles close"});
        o.put("--socket-buffer", new String[] {"10000", "frames buffered between socket and source; on overflow the connection is dropped and the hole backfilled"});
        o.put("--backfill-timeout", new String[] {"10m", "longest one gap chunk may take, retries included, before the task fails and restores"});
        o.put("--backfill-capacity", new String[] {"100", "events in flight in the backfill operator (gaps and the live trades queued behind them)"});
        o.put("--dry-run", new String[] {"false", "print each stream's history range, requests, weight and time, then exit; writes nothing"});
        return Collections.unmodifiableMap(o);
    }

    private static String require(Map<String, String> v, String name) {
        String value = v.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidOptionException(name, "is required; " + OPTIONS.get(name)[1]);
        }
        return value.trim();
    }

    private static List<String> parseSymbols(FeedOptions feed, String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            out.add(feed.symbol(part));
        }
        return List.copyOf(out);
    }

    private static List<Interval> parseIntervals(String value) {
        List<Interval> out = new ArrayList<>();
        for (String part : value.split(",")) {
            Interval interval;
            try {
                interval = Interval.parse(part.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("--intervals", e.getMessage());
            }
            if (!out.contains(interval)) {
                out.add(interval);
            }
        }
        out.sort((a, b) -> Long.compare(a.millis(), b.millis()));
        return List.copyOf(out);
    }

    private static String url(String option, String value, String... schemes) {
        for (String scheme : schemes) {
            if (value.startsWith(scheme) && value.length() > scheme.length()) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        }
        throw new InvalidOptionException(option, "'" + value + "' is not a URL; it must start with "
                + String.join(" or ", schemes));
    }

    private static Duration positive(String option, Duration value) {
        if (value.isZero()) {
            throw new InvalidOptionException(option, "must be longer than 0");
        }
        return value;
    }

    private static int intAtLeast(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException(option, "'" + value + "' is not allowed; use a whole number ≥ " + min);
    }

    private static boolean bool(String option, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidOptionException(option, "'" + value + "' is not allowed; use true or false");
        };
    }

    public String feed() {
        return feed;
    }

    public List<String> symbols() {
        return symbols;
    }

    public String wsUrl() {
        return wsUrl;
    }

    public String restUrl() {
        return restUrl;
    }

    public List<Interval> intervals() {
        return intervals;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database user, or {@code null} for the driver's default. */
    public String jdbcUser() {
        return jdbcUser;
    }

    public StartPosition startFrom() {
        return startFrom;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** The job parallelism, or {@code null} to use the cluster's default. */
    public Integer parallelism() {
        return parallelism;
    }

    public boolean flatCandles() {
        return flatCandles;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public Duration silenceTimeout() {
        return silenceTimeout;
    }

    public Duration quietProbeInterval() {
        return quietProbeInterval;
    }

    public int socketBuffer() {
        return socketBuffer;
    }

    public Duration backfillTimeout() {
        return backfillTimeout;
    }

    public int backfillCapacity() {
        return backfillCapacity;
    }

    /** A feed-specific option's value (its default when not given), or {@code null} if the feed has none set. */
    public String feedOption(String name) {
        return feedOptions.get(name);
    }

    /** The feed's own options as given, with their defaults filled in. */
    public Map<String, String> feedOptions() {
        return feedOptions;
    }

    /** The feed's adapter for these options (not yet {@link FeedAdapter#resolved resolved}). */
    public FeedAdapter feedAdapter() {
        return Feeds.adapter(feed, feedOptions);
    }

    /** Whether to print the history plan and exit without submitting ({@code --dry-run}). */
    public boolean dryRun() {
        return dryRun;
    }

    /** A summary for the log: every option, no secret (there is none among them). */
    @Override
    public String toString() {
        return "feed=" + feed + " symbols=" + symbols + " ws=" + wsUrl + " rest=" + restUrl + " intervals="
                + intervals.stream().map(Interval::label).toList() + " jdbc=" + jdbcUrl + " user=" + jdbcUser
                + " start-from=" + startFrom + " checkpoint-interval=" + Durations.format(checkpointInterval)
                + " parallelism=" + (parallelism == null ? "default" : parallelism);
    }
}
