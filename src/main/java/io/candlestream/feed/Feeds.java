package io.candlestream.feed;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.binance.BinanceOptions;
import io.candlestream.feed.bitquery.BitqueryOptions;
import io.candlestream.feed.ethereum.EthereumOptions;
import io.candlestream.feed.kraken.KrakenOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The feeds this build knows, by their {@code --feed} name: the one place a new feed is registered. */
public final class Feeds {

    /** Every feed's command-line knowledge, in the order {@code --help} lists them. */
    public static final List<FeedOptions> ALL = List.of(new BinanceOptions(), new KrakenOptions(),
            new EthereumOptions(), new BitqueryOptions());

    private Feeds() {}

    /**
     * The adapter named {@code name} with its own options at their defaults; an unknown name is an
     * {@link InvalidOptionException} for {@code --feed}.
     */
    public static FeedAdapter byName(String name) {
        FeedOptions feed = options(name);
        Map<String, String> defaults = new LinkedHashMap<>();
        feed.extraOptions().forEach((option, spec) -> {
            if (spec[0] != null) {
                defaults.put(option, spec[0]);
            }
        });
        return feed.adapter(defaults);
    }

    /**
     * The adapter named {@code name} for these values of its own options (as {@code JobOptions.feedOptions()} holds
     * them, defaults filled in).
     */
    public static FeedAdapter adapter(String name, Map<String, String> values) {
        return options(name).adapter(values);
    }

    /** The command-line knowledge of the feed named {@code name}; unknown: an {@link InvalidOptionException}. */
    public static FeedOptions options(String name) {
        return options(ALL, name);
    }

    /** The feed named {@code name} among {@code feeds}; unknown: an {@link InvalidOptionException} for {@code --feed}. */
    public static FeedOptions options(List<FeedOptions> feeds, String name) {
        for (FeedOptions feed : feeds) {
            if (feed.name().equals(name)) {
                return feed;
            }
        }
        throw new InvalidOptionException("--feed", "'" + name + "' is not a feed; allowed: "
                + String.join(", ", feeds.stream().map(FeedOptions::name).toList()));
    }
}
