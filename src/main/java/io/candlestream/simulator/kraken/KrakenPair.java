package io.candlestream.simulator.kraken;

import java.util.Locale;

/**
 * How the simulated exchange names one pair, as Kraken does: the v2 name ({@code BTC/USD}), the v1 wsname
 * ({@code XBT/USD}), the altname ({@code XBTUSD}) and the {@code AssetPairs} key ({@code XXBTZUSD} for Kraken's
 * oldest pairs, else the altname).
 */
record KrakenPair(String v2, String wsnameV1, String altname, String key, String base, String quote,
        int priceDecimals) {

    /** The names of a v2 pair such as {@code BTC/USDT}. */
    static KrakenPair of(String v2, int priceDecimals) {
        String upper = v2.toUpperCase(Locale.ROOT);
        int slash = upper.indexOf('/');
        if (slash <= 0 || slash == upper.length() - 1) {
            throw new IllegalArgumentException("symbols: '" + v2 + "' is not a Kraken v2 pair like BTC/USD");
        }
        String base = v1(upper.substring(0, slash));
        String quote = v1(upper.substring(slash + 1));
        String altname = base + quote;
        boolean legacy = base.equals("XBT") && (quote.equals("USD") || quote.equals("EUR"));
        String key = legacy ? "X" + base + "Z" + quote : altname;
        return new KrakenPair(upper, base + "/" + quote, altname, key, legacy ? "X" + base : base,
                legacy ? "Z" + quote : quote, priceDecimals);
    }

    private static String v1(String asset) {
        return switch (asset) {
            case "BTC" -> "XBT";
            case "DOGE" -> "XDG";
            default -> asset;
        };
    }

    /** Whether a REST {@code pair} parameter names this pair (key, altname, or either wsname). */
    boolean isNamed(String given) {
        String upper = given.toUpperCase(Locale.ROOT);
        return upper.equals(key) || upper.equals(altname) || upper.equals(wsnameV1) || upper.equals(v2);
    }
}
