package io.candlestream.simulator.binance;

import io.candlestream.model.Cursor;
import io.candlestream.simulator.TradeLog;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /api/v3/aggTrades}, validated with Binance's error codes, and their evaluation against a
 * trade log.
 *
 * @param fromId    first id wanted, inclusive, or null
 * @param startTime first trade time wanted, inclusive, or null
 * @param endTime   last trade time wanted, inclusive, or null
 */
record AggTradesQuery(String symbol, Long fromId, Long startTime, Long endTime, int limit) {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;

    /** Binance error codes used here. */
    static final int ILLEGAL_CHARS = -1100;
    static final int MANDATORY_PARAM = -1102;
    static final int INVALID_SYMBOL = -1121;
    static final int INVALID_COMBINATION = -1128;
    static final int INVALID_PARAMETER = -1130;

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9-_.]{1,20}");
    private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,20}");

    /** Parses a raw query string; {@code symbols} are the ones the exchange lists. */
    static AggTradesQuery parse(String rawQuery, Set<String> symbols) throws BinanceApiException {
        Map<String, String> params = parameters(rawQuery);
        String symbol = params.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceApiException.badRequest(MANDATORY_PARAM,
                    "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        if (!SYMBOL.matcher(symbol).matches()) {
            throw BinanceApiException.badRequest(ILLEGAL_CHARS,
                    "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.");
        }
        if (!symbols.contains(symbol)) {
            throw BinanceApiException.badRequest(INVALID_SYMBOL, "Invalid symbol.");
        }
        Long fromId = unsigned(params, "fromId");
        Long startTime = unsigned(params, "startTime");
        Long endTime = unsigned(params, "endTime");
        Long limit = unsigned(params, "limit");
        if (fromId != null && (startTime != null || endTime != null)) {
            throw BinanceApiException.badRequest(INVALID_COMBINATION,
                    "Combination of optional parameters invalid. Send either fromId or startTime/endTime.");
        }
        if (startTime != null && endTime != null && startTime > endTime) {
            throw BinanceApiException.badRequest(INVALID_COMBINATION,
                    "Combination of optional parameters invalid. startTime must not be after endTime.");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw BinanceApiException.badRequest(INVALID_PARAMETER,
                    "Invalid data sent for a parameter: 'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        return new AggTradesQuery(symbol, fromId, startTime, endTime, limit == null ? DEFAULT_LIMIT : limit.intValue());
    }

    /** The page this query selects among the trades visible at {@code nowMillis}. */
    List<AggTrade> select(TradeLog<AggTrade> log, long nowMillis) {
        if (fromId != null) {
            return log.fromCursor(Cursor.ofId(fromId), limit, nowMillis);
        }
        if (startTime != null) {
            return log.between(startTime, endTime == null ? Long.MAX_VALUE : endTime, limit, nowMillis);
        }
        return log.latest(endTime == null ? Long.MAX_VALUE : endTime, limit, nowMillis);
    }

    private static Long unsigned(Map<String, String> params, String name) throws BinanceApiException {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!UNSIGNED.matcher(value).matches()) {
            throw BinanceApiException.badRequest(ILLEGAL_CHARS,
                    "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw BinanceApiException.badRequest(INVALID_PARAMETER,
                    "Invalid data sent for a parameter: '" + name + "' is out of range.");
        }
    }

    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
