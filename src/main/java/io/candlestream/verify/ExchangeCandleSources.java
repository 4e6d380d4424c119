package io.candlestream.verify;

import java.util.Map;
import java.util.Optional;

/**
 * Which feeds have exchange candles to verify against, and what to say for those that do not: the verification needs
 * the exchange's complete candle history for the range, which only some exchanges publish.
 */
public final class ExchangeCandleSources {

    /** Why a feed cannot be verified here, by feed name. */
    private static final Map<String, String> NOT_COMPARABLE = Map.of(
            "kraken", "Kraken's OHLC endpoint keeps only the latest 720 candles per interval, so only a range"
                    + " inside the last 720 intervals could be compared, and its candles are not read here yet;"
                    + " check the table's completeness with scripts/repair.sh --dry-run instead",
            "ethereum", "a chain publishes no candles of its own: there is nothing to compare with; check the table's"
                    + " completeness with scripts/repair.sh --dry-run instead");

    private ExchangeCandleSources() {}

    /** Empty when {@code feed} can be verified, else what the verification can (not) compare for it. */
    public static Optional<String> whyNot(String feed) {
        if (feed.equals("binance")) {
            return Optional.empty();
        }
        return Optional.of(NOT_COMPARABLE.getOrDefault(feed, "no exchange candles are known for this feed (only"
                + " binance's klines are); a chain or an exchange without complete candle history cannot be"
                + " compared, check the table's completeness with scripts/repair.sh --dry-run instead"));
    }

    /** The exchange candles of {@code feed} at {@code restUrl}; {@link #whyNot} must be empty. */
    public static ExchangeCandles open(String feed, String restUrl) {
        if (!feed.equals("binance")) {
            throw new IllegalArgumentException("--feed " + feed + ": " + whyNot(feed).orElse("not comparable"));
        }
        return new BinanceKlines(restUrl);
    }
}
