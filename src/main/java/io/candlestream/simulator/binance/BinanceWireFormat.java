package io.candlestream.simulator.binance;

import io.candlestream.simulator.SymbolSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Writes every JSON document the simulator sends, by hand, in Binance's field order and spelling, so prices and
 * quantities go out exactly as the trade log holds them. Stateless.
 */
final class BinanceWireFormat {

    private BinanceWireFormat() {
    }

    /** The {@code aggTrade} stream payload. */
    static String aggTradeEvent(AggTrade trade, long eventTimeMillis) {
        return "{\"e\":\"aggTrade\",\"E\":" + eventTimeMillis + ",\"s\":\"" + trade.symbol() + "\",\"a\":"
                + trade.aggId() + ",\"p\":\"" + trade.price() + "\",\"q\":\"" + trade.quantity() + "\",\"f\":"
                + trade.firstId() + ",\"l\":" + trade.lastId() + ",\"T\":" + trade.time() + ",\"m\":"
                + trade.buyerMaker() + ",\"M\":true}";
    }

    /** A payload wrapped for a combined-stream connection. */
    static String combined(String stream, String payload) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    }

    /** One element of the {@code /api/v3/aggTrades} array. */
    static void restAggTrade(StringBuilder out, AggTrade trade) {
        out.append("{\"a\":").append(trade.aggId())
                .append(",\"p\":\"").append(trade.price())
                .append("\",\"q\":\"").append(trade.quantity())
                .append("\",\"f\":").append(trade.firstId())
                .append(",\"l\":").append(trade.lastId())
                .append(",\"T\":").append(trade.time())
                .append(",\"m\":").append(trade.buyerMaker())
                .append(",\"M\":true}");
    }

    /** The {@code /api/v3/aggTrades} response body. */
    static String restAggTrades(List<AggTrade> trades) {
        StringBuilder out = new StringBuilder(trades.size() * 120 + 2).append('[');
        for (int i = 0; i < trades.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            restAggTrade(out, trades.get(i));
        }
        return out.append(']').toString();
    }

    /** The {@code /api/v3/time} response body. */
    static String serverTime(long nowMillis) {
        return "{\"serverTime\":" + nowMillis + "}";
    }

    /** A REST error body, {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    static String restError(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":" + quote(msg) + "}";
    }

    /** A WebSocket request's success reply; {@code idJson} is the request's id as JSON text. */
    static String wsResult(String resultJson, String idJson) {
        return "{\"result\":" + resultJson + ",\"id\":" + idJson + "}";
    }

    /** A WebSocket request's error reply. */
    static String wsError(int code, String msg, String idJson) {
        return "{\"error\":{\"code\":" + code + ",\"msg\":" + quote(msg) + "},\"id\":" + idJson + "}";
    }

    /** A JSON array of strings. */
    static String stringArray(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(value));
        }
        return out.append(']').toString();
    }

    /** The {@code /api/v3/exchangeInfo} response body. */
    static String exchangeInfo(long nowMillis, int weightLimit, Duration weightWindow, Collection<SymbolSpec> symbols) {
        String[] interval = rateLimitInterval(weightWindow);
        StringBuilder out = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":").append(nowMillis)
                .append(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"").append(interval[0])
                .append("\",\"intervalNum\":").append(interval[1]).append(",\"limit\":").append(weightLimit)
                .append("}],\"exchangeFilters\":[],\"symbols\":[");
        boolean first = true;
        for (SymbolSpec spec : symbols) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("{\"symbol\":\"").append(spec.symbol())
                    .append("\",\"status\":\"TRADING\",\"baseAsset\":\"").append(spec.baseAsset())
                    .append("\",\"baseAssetPrecision\":8,\"quoteAsset\":\"").append(spec.quoteAsset())
                    .append("\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,\"filters\":[")
                    .append("{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"").append(SymbolSpec.wire(spec.tickSize()))
                    .append("\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"")
                    .append(SymbolSpec.wire(spec.tickSize()))
                    .append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"").append(SymbolSpec.wire(spec.lotSize()))
                    .append("\",\"maxQty\":\"9000000.00000000\",\"stepSize\":\"")
                    .append(SymbolSpec.wire(spec.lotSize())).append("\"}]}");
        }
        return out.append("]}").toString();
    }

    // Binance states a limit's window as SECOND/MINUTE/HOUR/DAY times intervalNum.
    private static String[] rateLimitInterval(Duration window) {
        long seconds = window.toSeconds();
        if (seconds > 0 && window.toMillis() == seconds * 1000) {
            if (seconds % 86_400 == 0) {
                return new String[] {"DAY", Long.toString(seconds / 86_400)};
            }
            if (seconds % 3_600 == 0) {
                return new String[] {"HOUR", Long.toString(seconds / 3_600)};
            }
            if (seconds % 60 == 0) {
                return new String[] {"MINUTE", Long.toString(seconds / 60)};
            }
            return new String[] {"SECOND", Long.toString(seconds)};
        }
        // A sub-second test window has no Binance spelling; report one second so clients pace conservatively.
        return new String[] {"SECOND", "1"};
    }

    /** A JSON string literal with the characters JSON requires escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
