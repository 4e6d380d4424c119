package io.candlestream.feed;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.binance.BinanceFeed;

/** The feed adapters this build knows, by their {@code --feed} name. */
public final class Feeds {

    private Feeds() {}

    /** The adapter named {@code name}; an unknown name is an {@link InvalidOptionException} for {@code --feed}. */
    public static FeedAdapter byName(String name) {
        return switch (name) {
            case "binance" -> new BinanceFeed();
            default -> throw new InvalidOptionException("--feed", "'" + name + "' is not a feed; allowed: binance");
        };
    }
}
