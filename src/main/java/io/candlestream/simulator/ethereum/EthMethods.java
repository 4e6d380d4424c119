package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's read methods on the canonical chain, as the execution-apis spec defines them: {@code eth_blockNumber},
 * {@code eth_chainId}, {@code net_version}, {@code eth_getBlockByNumber}, {@code eth_getBlockByHash}, {@code eth_getLogs}
 * (with the range limit in force) and {@code eth_call} of {@code token0()}, {@code token1()} and {@code decimals()}.
 * Only mined blocks are visible. Thread-safe.
 */
final class EthMethods {

    static final String TOKEN0 = "0x0dfe1681";
    static final String TOKEN1 = "0xd21220a7";
    static final String DECIMALS = "0x313ce567";

    private final Chain chain;
    private final Map<String, PoolTokens> pools;
    private final Map<String, Integer> decimals = new HashMap<>();
    private final EthereumFaults faults;
    private final EthereumStats stats;
    private final boolean blockTimestamps;

    EthMethods(Chain chain, Map<String, PoolTokens> pools, EthereumFaults faults, EthereumStats stats,
            boolean blockTimestamps) {
        this.chain = chain;
        this.pools = Map.copyOf(pools);
        for (PoolTokens pool : pools.values()) {
            decimals.put(pool.token0(), pool.decimals0());
            decimals.put(pool.token1(), pool.decimals1());
        }
        this.faults = faults;
        this.stats = stats;
        this.blockTimestamps = blockTimestamps;
    }

    /** Whether {@code method} is one of these. */
    boolean serves(String method) {
        return switch (method) {
            case "eth_blockNumber", "eth_chainId", "net_version", "eth_getBlockByNumber", "eth_getBlockByHash",
                    "eth_getLogs", "eth_call" -> true;
            default -> false;
        };
    }

    /** The result of {@code method} with {@code params} (an array), or an {@link RpcFailure}. */
    JsonNode call(String method, JsonNode params) {
        long head = chain.head();
        return switch (method) {
            case "eth_blockNumber" -> RpcWire.JSON.textNode(RpcWire.quantity(head));
            case "eth_chainId" -> RpcWire.JSON.textNode("0x1");
            case "net_version" -> RpcWire.JSON.textNode("1");
            case "eth_getBlockByNumber" -> blockByNumber(params, head);
            case "eth_getBlockByHash" -> blockByHash(params, head);
            case "eth_getLogs" -> logs(params, head);
            case "eth_call" -> call(params);
            default -> throw new IllegalArgumentException("not an eth method: " + method);
        };
    }

    private JsonNode blockByNumber(JsonNode params, long head) {
        JsonNode tag = RpcParams.arg(params, 0);
        if (tag.isMissingNode()) {
            throw RpcFailure.invalidParams("missing value for required argument 0");
        }
        long number = RpcParams.block(tag, "0", head, chain.firstBlock(), head);
        return blockObject(number, head, fullTransactions(params));
    }

    private JsonNode blockByHash(JsonNode params, long head) {
        String hash = RpcParams.word(RpcParams.arg(params, 0), "0");
        long number = chain.numberOf(hash);
        return number < 0 ? RpcWire.JSON.nullNode() : blockObject(number, head, fullTransactions(params));
    }

    private static boolean fullTransactions(JsonNode params) {
        JsonNode full = RpcParams.arg(params, 1);
        if (!full.isMissingNode() && !full.isBoolean()) {
            throw RpcFailure.invalidParams("invalid argument 1: expected a boolean (fullTransactions), got " + full);
        }
        return full.asBoolean(false);
    }

    private JsonNode blockObject(long number, long head, boolean fullTransactions) {
        if (number > head || number < chain.firstBlock()) {
            return RpcWire.JSON.nullNode();
        }
        return RpcWire.block(chain.block(number), chain.logs(number), fullTransactions);
    }

    private JsonNode logs(JsonNode params, long head) {
        JsonNode filter = RpcParams.arg(params, 0);
        if (!filter.isObject()) {
            throw RpcFailure.invalidParams("invalid argument 0: expected a filter object, got " + filter);
        }
        LogFilter match = RpcParams.filter(filter);
        long from;
        long to;
        JsonNode blockHash = filter.path("blockHash");
        if (!blockHash.isMissingNode() && !blockHash.isNull()) {
            if (filter.has("fromBlock") || filter.has("toBlock")) {
                throw RpcFailure.invalidParams("invalid argument 0: cannot specify both BlockHash and "
                        + "FromBlock/ToBlock, choose one or the other");
            }
            from = chain.numberOf(RpcParams.word(blockHash, "blockHash"));
            if (from < 0 || from > head) {
                throw new RpcFailure(RpcFailure.SERVER_ERROR, "unknown block");
            }
            to = from;
        } else {
            from = RpcParams.block(filter.path("fromBlock"), "fromBlock", head, chain.firstBlock(), head);
            to = RpcParams.block(filter.path("toBlock"), "toBlock", head, chain.firstBlock(), head);
            // As geth: only two explicit numbers can be backwards; a fromBlock past "latest" simply finds nothing.
            if (from > to && !isTag(filter.path("fromBlock")) && !isTag(filter.path("toBlock"))) {
                throw RpcFailure.invalidParams("invalid block range params: fromBlock " + RpcWire.quantity(from)
                        + " is after toBlock " + RpcWire.quantity(to));
            }
            to = Math.min(to, head);
            if (from > to) {
                return RpcWire.JSON.arrayNode();
            }
            RpcFailure refused = faults.rangeLimit().check(chain, from, to, match);
            if (refused != null) {
                stats.rangeLimitError();
                throw refused;
            }
        }
        List<ChainLog> logs = chain.logs(from, to, match);
        ArrayNode result = RpcWire.JSON.arrayNode();
        Map<Long, BlockRef> blocks = new HashMap<>();
        for (ChainLog log : logs) {
            BlockRef block = blocks.computeIfAbsent(log.blockNumber(), chain::block);
            result.add(RpcWire.log(log, block, false, blockTimestamps));
        }
        return result;
    }

    private static boolean isTag(JsonNode block) {
        return block.isMissingNode() || block.isNull() || !block.asText().startsWith("0x");
    }

    private JsonNode call(JsonNode params) {
        JsonNode transaction = RpcParams.arg(params, 0);
        if (!transaction.isObject()) {
            throw RpcFailure.invalidParams("invalid argument 0: expected a call object {to, data}, got " + transaction);
        }
        String to = RpcParams.address(transaction.path("to"), "0.to");
        JsonNode input = transaction.has("input") ? transaction.get("input") : transaction.path("data");
        String data = input.asText("").toLowerCase(Locale.ROOT);
        PoolTokens pool = pools.get(to);
        if (pool != null && data.equals(TOKEN0)) {
            return RpcWire.JSON.textNode("0x" + SwapAbi.addressWord(pool.token0()));
        }
        if (pool != null && data.equals(TOKEN1)) {
            return RpcWire.JSON.textNode("0x" + SwapAbi.addressWord(pool.token1()));
        }
        Integer tokenDecimals = decimals.get(to);
        if (tokenDecimals != null && data.equals(DECIMALS)) {
            return RpcWire.JSON.textNode("0x" + SwapAbi.unsigned(BigInteger.valueOf(tokenDecimals), 8,
                    "decimals"));
        }
        throw new RpcFailure(RpcFailure.SERVER_ERROR, "execution reverted");
    }
}
