package io.candlestream.simulator.binance;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and spells Binance stream names such as {@code btcusdt@aggTrade}. */
final class StreamNames {

    static final String AGG_TRADE = "aggTrade";
    private static final Pattern STREAM = Pattern.compile("([A-Za-z0-9]{1,20})@([A-Za-z0-9_]{1,40})");

    private StreamNames() {
    }

    /** The aggTrade stream of {@code symbol}: lower-case symbol + {@code @aggTrade}. */
    static String aggTrade(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@" + AGG_TRADE;
    }

    /**
     * The canonical spelling of a stream name (lower-case symbol; {@code aggTrade} in Binance's case), or empty when
     * it is not a stream name at all. Other stream kinds are accepted as written; the simulator just never fills them.
     */
    static Optional<String> canonical(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher matcher = STREAM.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String symbol = matcher.group(1).toLowerCase(Locale.ROOT);
        String kind = matcher.group(2);
        return Optional.of(symbol + "@" + (kind.equalsIgnoreCase(AGG_TRADE) ? AGG_TRADE : kind));
    }
}
