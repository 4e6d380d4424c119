package io.candlestream.feed;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.feed.binance.BinanceOptions;
import io.candlestream.feed.kraken.KrakenFeed;
import io.candlestream.feed.kraken.KrakenOptions;
import java.util.List;

/** The feeds this build knows, by their {@code --feed} name: the one place a new feed is registered. */
public final class Feeds {

    /** Every feed's command-line knowledge, in the order {@code --help} lists them. */
    public static final List<FeedOptions> ALL = List.of(new BinanceOptions(), new KrakenOptions());

    private Feeds() {}

    /** The adapter named {@code name}; an unknown name is an {@link InvalidOptionException} for {@code --feed}. */
    public static FeedAdapter byName(String name) {
        return switch (options(name).name()) {
            case BinanceFeed.NAME -> new BinanceFeed();
            case KrakenFeed.NAME -> new KrakenFeed();
            default -> throw new IllegalStateException("feed " + name + " has options but no adapter");
        };
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
