package io.candlestream.feed;

import io.candlestream.config.EnvSecret;
import io.candlestream.config.InvalidOptionException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * What the command line and the dry run need to know about one feed, so that they know none by name: its default
 * endpoints, how its symbols are written, whether it needs a token, its own options and what loading history costs.
 * Implementations are immutable; {@link Feeds} hands them out next to the adapter.
 */
public interface FeedOptions extends Serializable {

    /** The feed's name as in {@code --feed} and the {@code feed} column. */
    String name();

    /** The live WebSocket base URL used when {@code --ws-url} is not given. */
    String defaultWsUrl();

    /** The history base URL used when {@code --rest-url} is not given. */
    String defaultRestUrl();

    /**
     * One symbol of {@code --symbols} as the feed and the table write it.
     *
     * @throws InvalidOptionException for {@code --symbols}, with the feed's syntax and an example
     */
    String symbol(String given);

    /** Whether the feed needs an API token (see {@link #token()}); public market data needs none. */
    default boolean needsToken() {
        return false;
    }

    /** The feed's token: {@code CANDLESTREAM_<FEED>_TOKEN}, or the file named by {@code CANDLESTREAM_<FEED>_TOKEN_FILE}. */
    default EnvSecret token() {
        return new EnvSecret("CANDLESTREAM_" + name().toUpperCase(Locale.ROOT) + "_TOKEN", name() + " API token");
    }

    /**
     * The options only this feed accepts: name (with dashes) → {default or null, one-line description}. Given with
     * another feed, such an option is an error that names its feed.
     */
    default Map<String, String[]> extraOptions() {
        return Map.of();
    }

    /**
     * The feed's adapter for these values of its own options ({@link #extraOptions()} names, defaults filled in).
     *
     * @throws InvalidOptionException naming the option when a value is not allowed
     */
    FeedAdapter adapter(Map<String, String> values);

    /** What loading {@code units} cursor units from history costs, at the limit {@code history} found out. */
    HistoryCost cost(long units, HistoryClient history);
}
