package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's own writer of Ethereum JSON-RPC objects (it shares nothing with the feed's decoder): hex quantities,
 * block objects, headers, log objects, responses, errors and subscription notifications.
 */
final class RpcWire {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RpcWire() {
    }

    /** A quantity as the spec encodes it: {@code 0x}, lower-case hex, no leading zeros ({@code 0x0} for zero). */
    static String quantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** The header fields every block object and {@code newHeads} notification carries. */
    static ObjectNode header(BlockRef block) {
        ObjectNode node = JSON.objectNode();
        node.put("number", quantity(block.number()));
        node.put("hash", block.hash());
        node.put("parentHash", block.parentHash());
        node.put("timestamp", quantity(block.timestamp()));
        return node;
    }

    /** An {@code eth_getBlockByNumber} result: the header, and the block's transactions as hashes or small objects. */
    static ObjectNode block(BlockRef block, List<ChainLog> logs, boolean fullTransactions) {
        ObjectNode node = header(block);
        Set<String> seen = new LinkedHashSet<>();
        ArrayNode transactions = node.putArray("transactions");
        for (ChainLog log : logs) {
            if (!seen.add(log.transactionHash())) {
                continue;
            }
            if (fullTransactions) {
                ObjectNode tx = transactions.addObject();
                tx.put("hash", log.transactionHash());
                tx.put("blockHash", block.hash());
                tx.put("blockNumber", quantity(block.number()));
                tx.put("transactionIndex", quantity(log.transactionIndex()));
                tx.put("to", log.address());
            } else {
                transactions.add(log.transactionHash());
            }
        }
        return node;
    }

    /** A log object in its block, with {@code blockTimestamp} when {@code withTimestamp}. */
    static ObjectNode log(ChainLog log, BlockRef block, boolean removed, boolean withTimestamp) {
        ObjectNode node = JSON.objectNode();
        node.put("address", log.address());
        ArrayNode topics = node.putArray("topics");
        log.topics().forEach(topics::add);
        node.put("data", log.data());
        node.put("blockNumber", quantity(log.blockNumber()));
        node.put("transactionHash", log.transactionHash());
        node.put("transactionIndex", quantity(log.transactionIndex()));
        node.put("blockHash", block.hash());
        if (withTimestamp) {
            node.put("blockTimestamp", quantity(block.timestamp()));
        }
        node.put("logIndex", quantity(log.logIndex()));
        node.put("removed", removed);
        return node;
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode node = envelope(id);
        node.set("result", result);
        return node;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode node = envelope(id);
        ObjectNode error = node.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return node;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode node = JSON.objectNode();
        node.put("jsonrpc", "2.0");
        node.set("id", id == null ? JSON.nullNode() : id);
        return node;
    }

    /** An {@code eth_subscription} notification of {@code subscription} carrying {@code result} (already JSON). */
    static String notification(String subscription, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + subscription
                + "\",\"result\":" + resultJson + "}}";
    }
}
