package io.candlestream.feed.ethereum;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.FeedOptions;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryCost;
import io.candlestream.feed.chain.PoolSymbol;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Ethereum feed on the command line: a node's WebSocket and HTTP JSON-RPC endpoints (a local node by default;
 * keyed provider URLs from {@code CANDLESTREAM_ETHEREUM_WS_URL} / {@code CANDLESTREAM_ETHEREUM_RPC_URL}), pool
 * symbols ({@link PoolSymbol}), {@code --confirmations} and what a history range costs in {@code eth_getLogs} calls.
 */
public final class EthereumOptions implements FeedOptions {

    private static final long serialVersionUID = 1L;

    public static final String CONFIRMATIONS = "--confirmations";

    /** Calls per second a public or free-tier provider serves without rate limiting, for the dry run's estimate. */
    static final int ESTIMATED_CALLS_PER_SECOND = 10;

    @Override
    public String name() {
        return EthereumFeed.NAME;
    }

    @Override
    public String defaultWsUrl() {
        return "ws://127.0.0.1:8546";
    }

    @Override
    public String defaultRestUrl() {
        return "http://127.0.0.1:8545";
    }

    @Override
    public String symbol(String given) {
        return PoolSymbol.parse(given).symbol();
    }

    @Override
    public Map<String, String[]> extraOptions() {
        Map<String, String[]> options = new LinkedHashMap<>();
        options.put(CONFIRMATIONS, new String[] {"12", "blocks a block must be below the head before its swaps make "
                + "candles, or 'finalized'"});
        return options;
    }

    @Override
    public FeedAdapter adapter(Map<String, String> values) {
        return new EthereumFeed(confirmations(values.getOrDefault(CONFIRMATIONS, "12")));
    }

    /** {@code --confirmations}: a number of blocks (at least 1), or {@code finalized} (-1). */
    public static int confirmations(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("finalized")) {
            return -1;
        }
        try {
            int blocks = Integer.parseInt(text);
            if (blocks < 1 || blocks > 1_000) {
                throw new InvalidOptionException(CONFIRMATIONS, "'" + value + "': use 1 to 1000 blocks (a block's "
                        + "logs are complete once the next head arrives, so 0 could lose them) or finalized");
            }
            return blocks;
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(CONFIRMATIONS, "'" + value + "' is not a number of blocks or finalized");
        }
    }

    /** {@code eth_getLogs} calls for {@code blocks} blocks at the client's current span. */
    @Override
    public HistoryCost cost(long blocks, HistoryClient history) {
        long span = history instanceof EthereumHistoryClient ethereum ? ethereum.logSpan() : EthereumFeed.CHUNK_BLOCKS;
        long calls = (blocks + span - 1) / span;
        return new HistoryCost(calls, calls, "eth_getLogs calls",
                Duration.ofMillis((long) Math.ceil(calls * 1000.0 / ESTIMATED_CALLS_PER_SECOND)),
                String.format(Locale.ROOT, "%d blocks a call and about %d calls/s", span, ESTIMATED_CALLS_PER_SECOND));
    }
}
