package io.candlestream.simulator.kraken;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Kraken's wire format, written by hand so the simulator shares no code with the feed's decoders: REST envelopes
 * {@code {"error":[...],"result":{...}}} with {@code Trades} rows, {@code OHLC} rows, {@code AssetPairs} and
 * {@code Time}; WebSocket v2 frames: trade updates (decimals as JSON numbers), heartbeats, method answers.
 */
final class KrakenWireFormat {

    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private KrakenWireFormat() {}

    /** {@code {"error":["E..."]}}. */
    static String error(String error) {
        return "{\"error\":[\"" + escape(error) + "\"]}";
    }

    /** A REST {@code Trades} answer for pair key {@code key}. */
    static String trades(String key, List<KrakenTrade> trades, long last) {
        StringBuilder json = new StringBuilder(64 + trades.size() * 80)
                .append("{\"error\":[],\"result\":{\"").append(key).append("\":[");
        for (int i = 0; i < trades.size(); i++) {
            KrakenTrade t = trades.get(i);
            json.append(i == 0 ? "" : ",").append("[\"").append(t.price()).append("\",\"").append(t.volume())
                    .append("\",").append(t.seconds().toPlainString()).append(",\"").append(t.buy() ? "b" : "s")
                    .append("\",\"").append(t.market() ? "m" : "l").append("\",\"\",").append(t.tradeId()).append(']');
        }
        return json.append("],\"last\":\"").append(last).append("\"}}").toString();
    }

    /** One OHLC row: {@code [time, open, high, low, close, vwap, volume, count]}. */
    record OhlcRow(long openSeconds, String open, String high, String low, String close, String vwap, String volume,
            long count) {}

    /** A REST {@code OHLC} answer. */
    static String ohlc(String key, List<OhlcRow> rows, long last) {
        StringBuilder json = new StringBuilder("{\"error\":[],\"result\":{\"").append(key).append("\":[");
        for (int i = 0; i < rows.size(); i++) {
            OhlcRow r = rows.get(i);
            json.append(i == 0 ? "" : ",").append('[').append(r.openSeconds()).append(",\"").append(r.open())
                    .append("\",\"").append(r.high()).append("\",\"").append(r.low()).append("\",\"")
                    .append(r.close()).append("\",\"").append(r.vwap()).append("\",\"").append(r.volume())
                    .append("\",").append(r.count()).append(']');
        }
        return json.append("],\"last\":").append(last).append("}}").toString();
    }

    /** A REST {@code AssetPairs} answer for the served pairs. */
    static String assetPairs(List<KrakenPair> pairs) {
        StringBuilder json = new StringBuilder("{\"error\":[],\"result\":{");
        for (int i = 0; i < pairs.size(); i++) {
            KrakenPair p = pairs.get(i);
            json.append(i == 0 ? "" : ",").append('"').append(p.key()).append("\":{\"altname\":\"")
                    .append(p.altname()).append("\",\"wsname\":\"").append(p.wsnameV1()).append("\",\"base\":\"")
                    .append(p.base()).append("\",\"quote\":\"").append(p.quote())
                    .append("\",\"pair_decimals\":").append(p.priceDecimals()).append(",\"lot_decimals\":8,")
                    .append("\"status\":\"online\"}");
        }
        return json.append("}}").toString();
    }

    /** A REST {@code Time} answer. */
    static String time(long nowMillis) {
        long seconds = Math.floorDiv(nowMillis, 1000);
        return "{\"error\":[],\"result\":{\"unixtime\":" + seconds + ",\"rfc1123\":\""
                + RFC_1123.format(Instant.ofEpochSecond(seconds)) + "\"}}";
    }

    /** A WebSocket v2 {@code trade} frame of one or more trades ({@code update} or {@code snapshot}). */
    static String tradeFrame(String type, List<KrakenTrade> trades) {
        StringBuilder json = new StringBuilder("{\"channel\":\"trade\",\"type\":\"").append(type).append("\",\"data\":[");
        for (int i = 0; i < trades.size(); i++) {
            KrakenTrade t = trades.get(i);
            json.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(t.symbol()).append("\",\"side\":\"")
                    .append(t.buy() ? "buy" : "sell").append("\",\"price\":").append(number(t.price()))
                    .append(",\"qty\":").append(number(t.volume())).append(",\"ord_type\":\"")
                    .append(t.market() ? "market" : "limit").append("\",\"trade_id\":").append(t.tradeId())
                    .append(",\"timestamp\":\"").append(rfc3339(t.micros())).append("\"}");
        }
        return json.append("]}").toString();
    }

    /** {@code {"channel":"heartbeat"}}. */
    static String heartbeat() {
        return "{\"channel\":\"heartbeat\"}";
    }

    /** A successful subscribe/unsubscribe answer for one pair. */
    static String ack(String method, String symbol, Long reqId, long nowMillis) {
        return "{\"method\":\"" + method + "\",\"result\":{\"channel\":\"trade\","
                + (method.equals("subscribe") ? "\"snapshot\":false," : "") + "\"symbol\":\"" + escape(symbol)
                + "\"},\"success\":true," + times(nowMillis) + reqId(reqId) + "}";
    }

    /** A failed method answer naming the pair ({@code symbol} may be null). */
    static String methodError(String method, String error, String symbol, Long reqId, long nowMillis) {
        return "{\"error\":\"" + escape(error) + "\",\"method\":\"" + escape(method) + "\""
                + (symbol == null ? "" : ",\"symbol\":\"" + escape(symbol) + "\"") + ",\"success\":false,"
                + times(nowMillis) + reqId(reqId) + "}";
    }

    /** The answer to {@code ping}. */
    static String pong(Long reqId, long nowMillis) {
        return "{\"method\":\"pong\"," + times(nowMillis) + reqId(reqId) + "}";
    }

    /** A decimal string as a JSON number, exactly as written (Kraken's v2 writes decimals as numbers). */
    static String number(String decimal) {
        return new BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }

    /** Epoch microseconds as RFC 3339 with six decimals, as Kraken's v2 writes trade timestamps. */
    static String rfc3339(long micros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000L);
        String text = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(instant);
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        return whole + "." + String.format(Locale.ROOT, "%06d", Math.floorMod(micros, 1_000_000L)) + "Z";
    }

    /** The vwap Kraken writes: quote volume over volume cut (floored) to the pair's price decimals. */
    static String vwap(BigDecimal quote, BigDecimal volume, int decimals) {
        return volume.signum() == 0 ? "0.0" : quote.divide(volume, decimals, RoundingMode.FLOOR).toPlainString();
    }

    private static String times(long nowMillis) {
        String now = rfc3339(nowMillis * 1000);
        return "\"time_in\":\"" + now + "\",\"time_out\":\"" + now + "\"";
    }

    private static String reqId(Long reqId) {
        return reqId == null ? "" : ",\"req_id\":" + reqId;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
