package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.LiveFrameDecoder;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.List;
import java.util.Locale;

/**
 * Decodes Binance spot WebSocket frames: combined-stream frames {@code {"stream":"xrpeth@aggTrade","data":{...}}},
 * raw {@code aggTrade} payloads, and control answers ({@code {"result":...,"id":...}}, which carry no trade).
 *
 * <p>An error answer ({@code {"error":{...},"id":...}}) and every frame that breaks the protocol raise a
 * {@link MalformedFrameException} that names what was expected and carries an excerpt. Uses one shared, thread-safe
 * JSON reader for the tree path; one instance per connection, not thread-safe (its fast path keeps the last symbol).
 */
public final class BinanceFrameDecoder implements LiveFrameDecoder {

    private static final String AGG_TRADE = "aggTrade";

    private final AggTradeFrameReader fastPath = new AggTradeFrameReader();

    /**
     * A frame's trades. The live stream's frames take the streaming fast path ({@link AggTradeFrameReader}); every
     * other frame, and every fault, is read as a tree, which names what is wrong.
     */
    @Override
    public List<Trade> decode(String frame) throws MalformedFrameException {
        Trade trade = fastTrade(frame);
        if (trade != null) {
            return List.of(trade);
        }
        return decode(BinanceAggTrades.readTree(frame, "expected a Binance frame: a JSON object"), frame);
    }

    /**
     * The trade of a combined-stream aggTrade frame read by the streaming fast path, or {@code null}: then the frame is
     * something else (or faulty) and must be read as a tree.
     */
    Trade fastTrade(String frame) {
        return frame == null ? null : fastPath.read(frame);
    }

    /** Decodes a frame already read as a JSON tree; {@code frame} is its text, for error excerpts. */
    List<Trade> decode(JsonNode root, String frame) throws MalformedFrameException {
        if (!root.isObject()) {
            throw new MalformedFrameException("expected a Binance frame: a JSON object, got " + root.getNodeType(), frame);
        }
        JsonNode error = root.get("error");
        if (error != null) {
            throw new MalformedFrameException("expected a trade frame, got an error answer from Binance (code "
                    + error.path("code").asText("?") + ", msg " + error.path("msg").asText("?") + ", id "
                    + root.path("id").asText("?") + ")", frame);
        }
        JsonNode data = root.get("data");
        if (data != null || root.has("stream")) {
            String stream = BinanceAggTrades.textField(root, "stream", "combined stream name", frame);
            if (data == null || !data.isObject()) {
                throw new MalformedFrameException("expected field \"data\" (the event of stream " + stream
                        + ") to be an object", frame);
            }
            Trade trade = payload(data, frame);
            String expectedStream = trade.stream().symbol().toLowerCase(Locale.ROOT) + "@" + AGG_TRADE;
            if (!stream.equals(expectedStream)) {
                throw new MalformedFrameException("expected stream name \"" + expectedStream + "\" for symbol "
                        + trade.stream().symbol() + ", got \"" + stream + "\"", frame);
            }
            return List.of(trade);
        }
        if (root.has("result") && root.has("id")) {
            return List.of();
        }
        return List.of(payload(root, frame));
    }

    private static Trade payload(JsonNode event, String frame) throws MalformedFrameException {
        String type = BinanceAggTrades.textField(event, "e", "event type \"aggTrade\"", frame);
        if (!AGG_TRADE.equals(type)) {
            throw new MalformedFrameException("expected event type \"e\" to be \"aggTrade\", got \"" + type + "\"", frame);
        }
        String symbol = BinanceAggTrades.textField(event, "s", "symbol", frame);
        return BinanceAggTrades.toTrade(event, StreamId.of(BinanceFeed.NAME, symbol.toUpperCase(Locale.ROOT)), frame);
    }
}
