package io.candlestream.feed.bitquery;

import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.LiveRequest;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.chain.BlockRangeChunks;
import io.candlestream.feed.chain.ChainFeedAdapter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Bitquery feed's adapter: Uniswap V3 pool streams on Ethereum from Bitquery's {@code DEXTrades}, with the chain
 * cursor {@code (block, log index)}, sparse, gaps cut into ranges of {@value #CHUNK_BLOCKS} blocks, live over one
 * GraphQL subscription ({@link BitquerySession}) and history from {@link BitqueryHistoryClient}. The pools' token
 * decimals come with every row, so nothing is resolved before the job runs. Immutable and serializable; the token is
 * read on the task ({@link BitqueryToken}), never held.
 */
public final class BitqueryFeed implements ChainFeedAdapter {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "bitquery";

    /** The log index a head or a covered block ends at: after every real log of the block. */
    public static final int LAST_INDEX = BlockRangeChunks.LAST_INDEX;

    /** Blocks per gap chunk: one query's range (paged inside by 25,000 rows). */
    public static final int CHUNK_BLOCKS = 1_000;

    private final BitqueryProtocol protocol;
    private final int confirmations;
    private final BitqueryToken token;

    BitqueryFeed(BitqueryProtocol protocol, int confirmations, BitqueryToken token) {
        this.protocol = protocol;
        this.confirmations = confirmations;
        this.token = token;
    }

    /** The feed for tests and tools that hold the token themselves (never for a job: it would be serialized). */
    public static BitqueryFeed withToken(String subprotocol, int confirmations, String token) {
        return new BitqueryFeed(BitqueryProtocol.parse(subprotocol), confirmations,
                () -> java.util.Optional.of(token));
    }

    /** Blocks below the newest block seen a block must be before its swaps are handed downstream. */
    public int confirmations() {
        return confirmations;
    }

    /** The subprotocol of {@code --bitquery-protocol}. */
    public String subprotocol() {
        return protocol.subprotocol();
    }

    BitqueryToken token() {
        return token;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code --ws-url} with {@code ?token=} as Bitquery documents for WebSockets; only the endpoint is ever logged. */
    @Override
    public LiveRequest liveRequest(String wsBaseUrl, List<String> symbols) {
        String separator = wsBaseUrl.contains("?") ? "&" : "?";
        return new LiveRequest(wsBaseUrl + separator + "token=" + URLEncoder.encode(token.require(),
                StandardCharsets.UTF_8), Map.of(), protocol.subprotocol());
    }

    @Override
    public LiveSession newSession(List<String> symbols) {
        return new BitquerySession(symbols, protocol, confirmations);
    }

    @Override
    public HistoryClient newHistoryClient(HistorySettings settings, HistoryListener listener) {
        return new BitqueryHistoryClient(settings, listener, this);
    }

    /**
     * The subscription delivers only blocks with the pools' own trades, so a quiet pool's cursor moves by probes (the
     * newest realtime block − confirmations, loaded from history), never by the connection alone.
     */
    @Override
    public boolean liveHeadsMoveQuietStreams() {
        return false;
    }

    @Override
    public int chunkBlocks() {
        return CHUNK_BLOCKS;
    }

    /** Bitquery keeps a subscription open for long; reconnect twice a day anyway, as load balancers drop sockets. */
    @Override
    public Duration maxConnectionAge() {
        return Duration.ofHours(12);
    }

}
