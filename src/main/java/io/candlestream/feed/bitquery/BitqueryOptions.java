package io.candlestream.feed.bitquery;

import io.candlestream.config.EnvSecret;
import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryCost;
import io.candlestream.feed.chain.PoolSymbol;
import io.candlestream.feed.ethereum.EthereumOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Bitquery feed on the command line: Bitquery's streaming GraphQL endpoints, Uniswap V3 pool symbols
 * ({@link PoolSymbol}), the token from {@code CANDLESTREAM_BITQUERY_TOKEN(_FILE)}, {@code --bitquery-protocol},
 * {@code --confirmations} and what a history range costs in queries.
 */
public final class BitqueryOptions implements FeedOptions {

    private static final long serialVersionUID = 1L;

    public static final String PROTOCOL = "--bitquery-protocol";
    public static final String CONFIRMATIONS = EthereumOptions.CONFIRMATIONS;

    /** Queries a minute on Bitquery's smallest paid plan ({@code docs/plans/rate-limits.mdx}), for the estimate. */
    static final int ESTIMATED_QUERIES_PER_MINUTE = 30;

    @Override
    public String name() {
        return BitqueryFeed.NAME;
    }

    @Override
    public String defaultWsUrl() {
        return "wss://streaming.bitquery.io/graphql";
    }

    @Override
    public String defaultRestUrl() {
        return "https://streaming.bitquery.io/graphql";
    }

    @Override
    public String symbol(String given) {
        return PoolSymbol.parse(given).symbol();
    }

    @Override
    public boolean needsToken() {
        return true;
    }

    @Override
    public EnvSecret token() {
        return BitqueryToken.secret();
    }

    @Override
    public Map<String, String[]> extraOptions() {
        Map<String, String[]> options = new LinkedHashMap<>();
        options.put(PROTOCOL, new String[] {BitqueryProtocol.TRANSPORT_WS.subprotocol(), "WebSocket subprotocol: "
                + "graphql-transport-ws or the legacy graphql-ws"});
        options.put(CONFIRMATIONS, new String[] {"12", "blocks a block must be below the newest block seen before "
                + "its swaps make candles"});
        return options;
    }

    @Override
    public FeedAdapter adapter(Map<String, String> values) {
        String given = values.getOrDefault(CONFIRMATIONS, "12");
        int confirmations = EthereumOptions.confirmations(given);
        if (confirmations < 0) {
            throw new InvalidOptionException(CONFIRMATIONS, "'" + given + "': Bitquery serves no finalized block; "
                    + "give a number of blocks (1 to 1000)");
        }
        BitqueryProtocol protocol = BitqueryProtocol.parse(values.getOrDefault(PROTOCOL,
                BitqueryProtocol.TRANSPORT_WS.subprotocol()));
        return new BitqueryFeed(protocol, confirmations, BitqueryToken.FROM_ENV);
    }

    /** Queries for {@code blocks} blocks: one per chunk at least, more for busy pools (25,000 rows a page). */
    @Override
    public HistoryCost cost(long blocks, HistoryClient history) {
        long queries = (blocks + BitqueryFeed.CHUNK_BLOCKS - 1) / BitqueryFeed.CHUNK_BLOCKS;
        return new HistoryCost(queries, queries, "GraphQL queries",
                Duration.ofMillis((long) Math.ceil(queries * 60_000.0 / ESTIMATED_QUERIES_PER_MINUTE)),
                String.format(Locale.ROOT, "%d blocks a query and about %d queries/min", BitqueryFeed.CHUNK_BLOCKS,
                        ESTIMATED_QUERIES_PER_MINUTE));
    }
}
