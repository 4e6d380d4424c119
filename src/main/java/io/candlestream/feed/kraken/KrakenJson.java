package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.candlestream.feed.MalformedFrameException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads Kraken's JSON, shared by the live session and the history client. Kraken writes decimals as JSON numbers on
 * the WebSocket ({@code "price": 0.5147}) and trade times as JSON numbers in REST ({@code 1688669597.8277369}), so
 * every floating-point number is read as the exact {@link BigDecimal} of its text, never through a double. Stateless
 * and thread-safe.
 */
final class KrakenJson {

    /** One thread-safe reader: exact decimals, trailing junk is an error. */
    static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .reader();

    private KrakenJson() {}

    /** Parses one whole JSON document; anything that is not one JSON value is malformed. */
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
            String message = e.getMessage() == null ? "unknown error" : e.getMessage().lines().findFirst().orElse("");
            throw new MalformedFrameException(expected + " (not valid JSON: " + message + ")", input, e);
        }
    }

    /**
     * An exact decimal written either as a JSON number (read exactly, see the class) or as a decimal string, as Kraken
     * does in REST ({@code "30243.40000"}).
     */
    static BigDecimal decimal(JsonNode value, String what, String input) throws MalformedFrameException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new MalformedFrameException("expected " + what + " (a decimal), it is missing", input);
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue());
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("expected " + what + " to be a decimal, got \"" + value.textValue()
                        + "\"", input, e);
            }
        }
        throw new MalformedFrameException("expected " + what + " to be a decimal, got " + value.getNodeType() + " "
                + value, input);
    }

    /** A 64-bit integer field. */
    static long integer(JsonNode value, String what, String input) throws MalformedFrameException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new MalformedFrameException("expected " + what + " (an integer), it is missing", input);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedFrameException("expected " + what + " to be a 64-bit integer, got "
                    + value.getNodeType() + " " + value, input);
        }
        return value.longValue();
    }

    /** A non-empty string field. */
    static String text(JsonNode value, String what, String input) throws MalformedFrameException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new MalformedFrameException("expected " + what + " (a string), it is missing", input);
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new MalformedFrameException("expected " + what + " to be a non-empty string, got "
                    + value.getNodeType() + " " + value, input);
        }
        return value.textValue();
    }
}
