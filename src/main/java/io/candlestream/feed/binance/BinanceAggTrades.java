package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads Binance aggregate trade objects ({@code a, p, q, f, l, T}), shared by the live decoder and the history client,
 * so both apply the same checks. Stateless and thread-safe.
 */
final class BinanceAggTrades {

    /** One reader for every frame and page: thread-safe, so no per-frame mapper allocation; trailing junk is an error. */
    static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private BinanceAggTrades() {}

    /** Parses a whole JSON document; anything that is not one JSON value is malformed. */
    static JsonNode readTree(String input, String expected) throws MalformedFrameException {
        if (input == null || input.isBlank()) {
            throw new MalformedFrameException(expected + " (an empty input is not JSON)", input);
        }
        try {
            JsonNode root = JSON.readTree(input);
            if (root == null || root.isMissingNode()) {
                throw new MalformedFrameException(expected + " (no JSON value)", input);
            }
            return root;
        } catch (IOException e) {
            throw new MalformedFrameException(expected + " (not valid JSON: " + firstLine(e.getMessage()) + ")", input, e);
        }
    }

    /**
     * Turns one aggregate trade object into a trade of {@code stream}, checking presence and type of every field,
     * {@code f <= l}, a positive price and a non-negative quantity. Prices and quantities must be JSON strings and are
     * parsed to {@link BigDecimal} exactly, never through a double.
     */
    static Trade toTrade(JsonNode node, StreamId stream, String input) throws MalformedFrameException {
        if (node == null || !node.isObject()) {
            throw new MalformedFrameException("expected an aggregate trade object {a,p,q,f,l,T}", input);
        }
        long id = longField(node, "a", "aggregate trade id", input);
        BigDecimal price = decimalField(node, "p", "price", input);
        BigDecimal quantity = decimalField(node, "q", "quantity", input);
        long firstTradeId = longField(node, "f", "first trade id", input);
        long lastTradeId = longField(node, "l", "last trade id", input);
        long time = longField(node, "T", "trade time", input);
        if (firstTradeId > lastTradeId) {
            throw new MalformedFrameException("expected first trade id f <= last trade id l, got f=" + firstTradeId
                    + " l=" + lastTradeId + " in aggregate trade " + id, input);
        }
        if (price.signum() <= 0) {
            throw new MalformedFrameException("expected a positive price \"p\", got " + price.toPlainString()
                    + " in aggregate trade " + id, input);
        }
        if (quantity.signum() < 0) {
            throw new MalformedFrameException("expected a non-negative quantity \"q\", got " + quantity.toPlainString()
                    + " in aggregate trade " + id, input);
        }
        return new Trade(stream, Cursor.ofId(id), time, price, quantity, lastTradeId - firstTradeId + 1);
    }

    static long longField(JsonNode node, String name, String what, String input) throws MalformedFrameException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedFrameException("expected field \"" + name + "\" (" + what + ", an integer), it is missing",
                    input);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedFrameException("expected field \"" + name + "\" (" + what + ") to be a 64-bit integer, got "
                    + value.getNodeType() + " " + value, input);
        }
        return value.longValue();
    }

    static String textField(JsonNode node, String name, String what, String input) throws MalformedFrameException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedFrameException("expected field \"" + name + "\" (" + what + ", a string), it is missing",
                    input);
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new MalformedFrameException("expected field \"" + name + "\" (" + what + ") to be a non-empty string, got "
                    + value.getNodeType() + " " + value, input);
        }
        return value.textValue();
    }

    private static BigDecimal decimalField(JsonNode node, String name, String what, String input)
            throws MalformedFrameException {
        String text = textField(node, name, what + ", a decimal string", input);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("expected field \"" + name + "\" (" + what + ") to be a decimal string, got \""
                    + text + "\"", input, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
