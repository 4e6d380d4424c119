package io.candlestream.simulator.binance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /api/v3/ticker/24hr}, validated with Binance's error codes, and the request weight
 * Binance charges for them: {@code symbol} 2; {@code symbols} 2 for 1–20 symbols, 40 for 21–100, 80 for 101 or
 * more; neither (every symbol) 80.
 *
 * @param symbols the symbols asked, in the order asked, or null for every symbol
 * @param single  whether one {@code symbol} was asked (the answer is an object, not an array)
 * @param mini    {@code type=MINI}: the short form of each ticker
 */
record TickerQuery(List<String> symbols, boolean single, boolean mini) {

    static final int WEIGHT_FEW = 2;
    static final int WEIGHT_SOME = 40;
    static final int WEIGHT_ALL = 80;
    static final int FEW_SYMBOLS = 20;
    static final int SOME_SYMBOLS = 100;

    private static final int DUPLICATE_VALUES = -1101;

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9-_.]{1,20}");
    private static final Pattern SYMBOLS =
            Pattern.compile("\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\")*)?]");

    /** The weight of a request with this raw query, decided before it is validated (as Binance charges). */
    static int weight(String rawQuery) {
        Map<String, String> params = AggTradesQuery.parameters(rawQuery);
        if (params.containsKey("symbol")) {
            return WEIGHT_FEW;
        }
        String symbols = params.get("symbols");
        if (symbols == null) {
            return WEIGHT_ALL;
        }
        return weightOf(symbols.isBlank() ? 1 : symbols.split(",", -1).length);
    }

    /** The weight of asking for {@code count} symbols with {@code symbols}. */
    static int weightOf(int count) {
        return count <= FEW_SYMBOLS ? WEIGHT_FEW : count <= SOME_SYMBOLS ? WEIGHT_SOME : WEIGHT_ALL;
    }

    /** Parses a raw query string; {@code listed} are the symbols the exchange lists. */
    static TickerQuery parse(String rawQuery, Set<String> listed) throws BinanceApiException {
        Map<String, String> params = AggTradesQuery.parameters(rawQuery);
        String symbol = params.get("symbol");
        String symbols = params.get("symbols");
        boolean mini = mini(params.get("type"));
        if (symbol != null && symbols != null) {
            throw BinanceApiException.badRequest(AggTradesQuery.INVALID_COMBINATION,
                    "Combination of optional parameters invalid. Recommendation: 'symbol' and 'symbols' cannot be "
                            + "sent together.");
        }
        if (symbol != null) {
            if (!SYMBOL.matcher(symbol).matches()) {
                throw BinanceApiException.badRequest(AggTradesQuery.ILLEGAL_CHARS,
                        "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.");
            }
            if (!listed.contains(symbol)) {
                throw BinanceApiException.badRequest(AggTradesQuery.INVALID_SYMBOL, "Invalid symbol.");
            }
            return new TickerQuery(List.of(symbol), true, mini);
        }
        if (symbols == null) {
            return new TickerQuery(null, false, mini);
        }
        if (!SYMBOLS.matcher(symbols).matches() || symbols.equals("[]")) {
            throw BinanceApiException.badRequest(AggTradesQuery.ILLEGAL_CHARS,
                    "Illegal characters found in parameter 'symbols'; legal range is "
                            + "'^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
        }
        List<String> asked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String quoted : symbols.substring(1, symbols.length() - 1).split(",")) {
            String name = quoted.substring(1, quoted.length() - 1);
            if (!seen.add(name)) {
                throw BinanceApiException.badRequest(DUPLICATE_VALUES, "Duplicate values for a parameter detected.");
            }
            if (!listed.contains(name)) {
                throw BinanceApiException.badRequest(AggTradesQuery.INVALID_SYMBOL, "Invalid symbol.");
            }
            asked.add(name);
        }
        return new TickerQuery(List.copyOf(asked), false, mini);
    }

    private static boolean mini(String type) throws BinanceApiException {
        if (type == null || type.equals("FULL")) {
            return false;
        }
        if (type.equals("MINI")) {
            return true;
        }
        throw BinanceApiException.badRequest(AggTradesQuery.INVALID_PARAMETER,
                "Invalid data sent for a parameter: 'type' must be FULL or MINI.");
    }
}
