package io.candlestream.simulator.binance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /api/v3/klines} ({@code symbol}, {@code interval}, optional {@code startTime},
 * {@code endTime} (open times, inclusive) and {@code limit}, 500 by default, at most 1000), validated with Binance's
 * error codes.
 */
record KlinesQuery(String symbol, long intervalMillis, Long startTime, Long endTime, int limit) {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;

    /** Binance's interval labels this simulator serves, with their length (no 1s, 3d, 1w or 1M). */
    static final Map<String, Long> INTERVALS = intervals();

    private static final int INVALID_INTERVAL = -1120;
    private static final Pattern UNSIGNED = Pattern.compile("[0-9]{1,20}");

    static KlinesQuery parse(String rawQuery, Set<String> symbols) throws BinanceApiException {
        Map<String, String> params = AggTradesQuery.parameters(rawQuery);
        String symbol = params.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceApiException.badRequest(AggTradesQuery.MANDATORY_PARAM,
                    "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        if (!symbols.contains(symbol)) {
            throw BinanceApiException.badRequest(AggTradesQuery.INVALID_SYMBOL, "Invalid symbol.");
        }
        String interval = params.get("interval");
        if (interval == null || interval.isEmpty()) {
            throw BinanceApiException.badRequest(AggTradesQuery.MANDATORY_PARAM,
                    "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
        }
        Long millis = INTERVALS.get(interval);
        if (millis == null) {
            throw BinanceApiException.badRequest(INVALID_INTERVAL, "Invalid interval.");
        }
        Long startTime = unsigned(params, "startTime");
        Long endTime = unsigned(params, "endTime");
        Long limit = unsigned(params, "limit");
        if (startTime != null && endTime != null && startTime > endTime) {
            throw BinanceApiException.badRequest(AggTradesQuery.INVALID_COMBINATION,
                    "Combination of optional parameters invalid. startTime must not be after endTime.");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw BinanceApiException.badRequest(AggTradesQuery.INVALID_PARAMETER,
                    "Invalid data sent for a parameter: 'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        return new KlinesQuery(symbol, millis, startTime, endTime, limit == null ? DEFAULT_LIMIT : limit.intValue());
    }

    private static Long unsigned(Map<String, String> params, String name) throws BinanceApiException {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!UNSIGNED.matcher(value).matches()) {
            throw BinanceApiException.badRequest(AggTradesQuery.ILLEGAL_CHARS,
                    "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
        return Long.parseLong(value);
    }

    private static Map<String, Long> intervals() {
        Map<String, Long> out = new LinkedHashMap<>();
        long minute = 60_000L;
        for (int m : new int[] {1, 3, 5, 15, 30}) {
            out.put(m + "m", m * minute);
        }
        for (int h : new int[] {1, 2, 4, 6, 8, 12}) {
            out.put(h + "h", h * 60 * minute);
        }
        out.put("1d", 24 * 60 * minute);
        return Map.copyOf(out);
    }
}
