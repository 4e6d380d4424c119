package io.candlestream.feed.bitquery;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The GraphQL text of the feed's one {@code DEXTrades} selection, for the live subscription (all pools, new blocks) and
 * for history queries (one pool, a block range, a dataset, ordered by block and log index, paged with
 * {@code limit {count, offset}}), in Bitquery's schema ({@code docs/graphql-reference/queries/evm.mdx}).
 */
final class DexTradeSelection {

    /** What every row selects: block number, hash and time, the log index, both sides and the pool. */
    static final String FIELDS = "Block { Number Hash Time } Log { Index } Trade { Buy { Amount Currency { "
            + "SmartContract Decimals } } Sell { Amount Currency { SmartContract Decimals } } Dex { SmartContract } }";

    /** Bitquery's row cap for one query ({@code docs/graphql/limits.md}). */
    static final int MAX_ROWS = 25_000;

    private DexTradeSelection() {}

    /** The subscription for every swap of these pools (lower-case addresses). */
    static String subscription(Collection<String> pools) {
        return "subscription { EVM(network: eth) { DEXTrades(where: {Trade: {Dex: {SmartContract: {in: ["
                + quoted(pools) + "]}}}}) { " + FIELDS + " } } }";
    }

    /** One page of a pool's swaps in blocks {@code from..to} of {@code dataset}, in chain order. */
    static String query(String pool, long from, long to, String dataset, int count, long offset) {
        return "{ EVM(network: eth, dataset: " + dataset + ") { DEXTrades(where: {Block: {Number: {ge: \"" + from
                + "\", le: \"" + to + "\"}}, Trade: {Dex: {SmartContract: {is: \"" + pool + "\"}}}}, orderBy: ["
                + "{ascending: Block_Number}, {ascending: Log_Index}], limit: {count: " + count + ", offset: " + offset
                + "}) { " + FIELDS + " } } }";
    }

    private static String quoted(Collection<String> pools) {
        return pools.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
    }
}
