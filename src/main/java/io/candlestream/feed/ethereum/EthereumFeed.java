package io.candlestream.feed.ethereum;

import io.candlestream.config.EnvSecret;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.chain.BlockRangeChunks;
import io.candlestream.feed.chain.ChainFeedAdapter;
import io.candlestream.feed.chain.PoolSymbol;
import io.candlestream.feed.chain.PoolTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ethereum JSON-RPC feed's adapter: pool streams with cursor {@code (block, log index)}, sparse (a hole shows only
 * at a reconnect, a restore or a head), gaps cut into block ranges of {@value #CHUNK_BLOCKS} blocks, history from
 * {@link EthereumHistoryClient}. Immutable once {@link #resolved resolved} (the pools' tokens and decimals read from
 * the node); serializable.
 */
public final class EthereumFeed implements ChainFeedAdapter {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "ethereum";

    /** The log index a head or a covered block ends at: after every real log of the block. */
    public static final int LAST_INDEX = BlockRangeChunks.LAST_INDEX;

    /** Blocks per gap chunk: one {@code eth_getLogs} range at most (Alchemy's documented 2K-block limit, halved). */
    public static final int CHUNK_BLOCKS = 1_000;

    /** The WebSocket URL when it carries a key (Infura, Alchemy): read on every TaskManager, never an option. */
    public static final EnvSecret WS_URL = new EnvSecret("CANDLESTREAM_ETHEREUM_WS_URL", "Ethereum WebSocket URL");

    /** The HTTP JSON-RPC URL when it carries a key. */
    public static final EnvSecret RPC_URL = new EnvSecret("CANDLESTREAM_ETHEREUM_RPC_URL", "Ethereum JSON-RPC URL");

    private final int confirmations;
    private final Map<String, PoolTokens> tokens;

    /** @param confirmations blocks below the head a block must be, or -1 for {@code finalized} */
    public EthereumFeed(int confirmations) {
        this(confirmations, Map.of());
    }

    private EthereumFeed(int confirmations, Map<String, PoolTokens> tokens) {
        this.confirmations = confirmations;
        this.tokens = Map.copyOf(tokens);
    }

    /** The same feed with these pools' tokens (tests and the simulator, which know them). */
    public EthereumFeed withTokens(List<PoolTokens> pools) {
        Map<String, PoolTokens> byPool = new LinkedHashMap<>(tokens);
        pools.forEach(p -> byPool.put(p.pool(), p));
        return new EthereumFeed(confirmations, byPool);
    }

    /**
     * Reads {@code token0()}, {@code token1()} and their {@code decimals()} of every pool of {@code symbols} once,
     * from the node.
     */
    @Override
    public FeedAdapter resolved(HistorySettings history, List<String> symbols) {
        List<String> pools = new ArrayList<>();
        for (String symbol : symbols) {
            String pool = PoolSymbol.parse(symbol).pool();
            if (!pools.contains(pool) && !tokens.containsKey(pool)) {
                pools.add(pool);
            }
        }
        if (pools.isEmpty()) {
            return this;
        }
        try (EthereumHistoryClient client = new EthereumHistoryClient(history, HistoryListener.NOOP, this)) {
            List<PoolTokens> found = new ArrayList<>();
            for (String pool : pools) {
                found.add(client.poolTokens(pool));
            }
            return withTokens(found);
        }
    }

    /** The tokens of a pool, as resolved. */
    PoolTokens tokens(String pool) {
        PoolTokens found = tokens.get(pool);
        if (found == null) {
            throw new HistoryException("no token decimals for pool " + pool + "; the feed was not resolved for it");
        }
        return found;
    }

    Map<String, PoolTokens> allTokens() {
        return tokens;
    }

    /** Blocks below the head a block must be, or -1 for {@code finalized}. */
    public int confirmations() {
        return confirmations;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The socket of {@code --ws-url}, or of {@code CANDLESTREAM_ETHEREUM_WS_URL} when set (read here, on the task). */
    @Override
    public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
        return LiveRequest.of(WS_URL.read(System.getenv()).orElse(wsBaseUrl));
    }

    @Override
    public LiveSession newSession(List<String> symbols) {
        return new EthereumSession(symbols, tokens, confirmations);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
        return new EthereumHistoryClient(settings, listener, this);
    }

    @Override
    public int chunkBlocks() {
        return CHUNK_BLOCKS;
    }

    /** Nodes keep a subscription socket open indefinitely; reconnect daily anyway, as load balancers drop them. */
    @Override
    public Duration maxConnectionAge() {
        return Duration.ofHours(12);
    }

}
