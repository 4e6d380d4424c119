package io.candlestream.simulator.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Test-side reading of trade JSON (stream payloads and REST elements) back into trades, independent of the simulator's writer. */
final class TradeJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TradeJson() {
    }

    /** A trade from an aggTrade payload or a REST element; the symbol comes from {@code s} when present. */
    static AggTrade trade(JsonNode node, String symbol) {
        return new AggTrade(node.has("s") ? node.get("s").asText() : symbol, node.get("a").asLong(),
                node.get("p").asText(), node.get("q").asText(), node.get("f").asLong(), node.get("l").asLong(),
                node.get("T").asLong(), node.get("m").asBoolean());
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
