package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kraken trades from both channels into {@link Trade}s with the {@code trade_id} as a dense cursor, exact
 * decimals and the time floored to its millisecond ({@link KrakenTimes}); every Kraken trade is one raw trade, as
 * {@code OHLC} counts them. Stateless and thread-safe.
 *
 * <ul>
 *   <li>WebSocket v2 {@code trade} objects: {@code {"symbol","side","price","qty","ord_type","trade_id","timestamp"}}
 *       (https://docs.kraken.com/api/docs/websocket-v2/trade).
 *   <li>REST {@code Trades} rows: {@code [price, volume, time, side, ordertype, misc, trade_id]}, with
 *       {@code "last"} the nanosecond cursor of the next page
 *       (https://docs.kraken.com/api/docs/rest-api/get-recent-trades).
 * </ul>
 */
final class KrakenTrades {

    /** One REST trade and its exact time in epoch nanoseconds (what {@code since} counts). */
    record Timed(Trade trade, long nanos) {
        long id() {
            return trade.cursor().height();
        }
    }

    /** One {@code Trades} page in id order and its {@code last} cursor (nanoseconds). */
    record Page(List<Timed> trades, long last) {}

    private KrakenTrades() {}

    /** One WebSocket v2 trade object of {@code stream}. */
    static Trade fromWebSocket(JsonNode node, StreamId stream, String frame) throws MalformedFrameException {
        if (node == null || !node.isObject()) {
            throw new MalformedFrameException("expected a trade object {symbol,price,qty,trade_id,timestamp}", frame);
        }
        long id = KrakenJson.integer(node.get("trade_id"), "\"trade_id\"", frame);
        BigDecimal price = KrakenJson.decimal(node.get("price"), "\"price\"", frame);
        BigDecimal quantity = KrakenJson.decimal(node.get("qty"), "\"qty\"", frame);
        long time = KrakenTimes.rfc3339ToMillis(KrakenJson.text(node.get("timestamp"), "\"timestamp\"", frame), frame);
        return trade(stream, id, time, price, quantity, frame);
    }

    /** A {@code Trades} answer for the pair whose REST key or altname is one of {@code resultKeys}. */
    static Page page(String body, StreamId stream, KrakenPairs.RestPair pair) throws MalformedFrameException {
        JsonNode result = KrakenAnswers.result(body, "the Trades answer of " + stream.symbol());
        JsonNode rows = result.get(pair.key());
        if (rows == null) {
            rows = result.get(pair.altname());
        }
        if (rows == null || !rows.isArray()) {
            throw new MalformedFrameException("expected the trades of " + pair.key() + " (" + stream.symbol()
                    + ") as an array in \"result\"", body);
        }
        JsonNode lastNode = result.get("last");
        long last;
        try {
            last = lastNode == null ? -1 : Long.parseLong(lastNode.asText());
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("expected \"last\" to be a nanosecond cursor, got " + lastNode, body, e);
        }
        List<Timed> trades = new ArrayList<>(rows.size());
        long previous = Long.MIN_VALUE;
        for (JsonNode row : rows) {
            Timed timed = fromRest(row, stream, body);
            if (timed.id() <= previous) {
                throw new MalformedFrameException("expected trade ids to ascend, got " + timed.id() + " after "
                        + previous, body);
            }
            previous = timed.id();
            trades.add(timed);
        }
        return new Page(trades, last);
    }

    private static Timed fromRest(JsonNode row, StreamId stream, String body) throws MalformedFrameException {
        if (row == null || !row.isArray() || row.size() < 7) {
            throw new MalformedFrameException("expected a trade row [price, volume, time, side, ordertype, misc, "
                    + "trade_id], got " + row, body);
        }
        BigDecimal price = KrakenJson.decimal(row.get(0), "the price (row[0])", body);
        BigDecimal quantity = KrakenJson.decimal(row.get(1), "the volume (row[1])", body);
        BigDecimal seconds = KrakenJson.decimal(row.get(2), "the time in seconds (row[2])", body);
        long id = KrakenJson.integer(row.get(6), "the trade_id (row[6])", body);
        Trade trade = trade(stream, id, KrakenTimes.restSecondsToMillis(seconds), price, quantity, body);
        return new Timed(trade, KrakenTimes.restSecondsToNanos(seconds));
    }

    private static Trade trade(StreamId stream, long id, long time, BigDecimal price, BigDecimal quantity,
            String input) throws MalformedFrameException {
        if (price.signum() <= 0) {
            throw new MalformedFrameException("expected a positive price, got " + price.toPlainString() + " in trade "
                    + id, input);
        }
        if (quantity.signum() < 0) {
            throw new MalformedFrameException("expected a non-negative quantity, got " + quantity.toPlainString()
                    + " in trade " + id, input);
        }
        return new Trade(stream, Cursor.ofId(id), time, price, quantity, 1);
    }
}
