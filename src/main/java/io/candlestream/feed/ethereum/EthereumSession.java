package io.candlestream.feed.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.chain.BlockHeader;
import io.candlestream.feed.chain.ConfirmationWindow;
import io.candlestream.feed.chain.HeldLog;
import io.candlestream.feed.chain.PoolSymbol;
import io.candlestream.feed.chain.PoolTokens;
import io.candlestream.feed.chain.SwapAmounts;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC WebSocket connection's protocol: subscribes to {@code newHeads} and to the pools' {@code Swap} logs
 * after the socket opens, holds logs in a {@link ConfirmationWindow} and releases the blocks that reach the
 * confirmation depth: their trades in cursor order, then a safe time (the block's last millisecond) and a head (the
 * block's end) for every stream.
 *
 * <p>Coverage: the first head that arrives after both subscriptions were acknowledged is block F; every block after F
 * is delivered completely on this connection, so once F is confirmed the session tells the engine it covers every
 * stream after block F ({@link LiveSignals#coversAfter}): the engine backfills up to F once, and from then on the
 * heads alone move a quiet pool's cursor. Anything the session cannot vouch for (a malformed notification, a missing
 * head, a log after its block was released, a reorganisation beyond the depth) makes it ask for a new connection.
 */
final class EthereumSession implements LiveSession {

    private static final Logger LOG = LoggerFactory.getLogger(EthereumSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HEADS_ID = 1;
    private static final int LOGS_ID = 2;

    private final Map<String, List<PoolStream>> streamsByPool = new LinkedHashMap<>();
    private final List<StreamId> streams = new ArrayList<>();
    private final Map<String, PoolTokens> tokens;
    private final int confirmations;
    private final ConfirmationWindow<SwapLog> window;
    private String headsSubscription;
    private String logsSubscription;
    private boolean covered;
    private boolean reconnecting;
    private int nextId = LOGS_ID + 1;
    private long zeroAmountSwaps;

    /** One stream of a pool: its id and which token is its base. */
    record PoolStream(StreamId stream, PoolSymbol symbol) {}

    /** @param confirmations blocks below the head, or -1 for {@code finalized} */
    EthereumSession(List<String> symbols, Map<String, PoolTokens> tokens, int confirmations) {
        this.tokens = tokens;
        this.confirmations = confirmations;
        this.window = new ConfirmationWindow<>(confirmations);
        for (String symbol : symbols) {
            PoolSymbol pool = PoolSymbol.parse(symbol);
            if (!tokens.containsKey(pool.pool())) {
                throw new IllegalStateException("no token decimals for pool " + pool.pool()
                        + "; the adapter must be resolved before the job runs");
            }
            StreamId stream = StreamId.of(EthereumFeed.NAME, pool.symbol());
            streams.add(stream);
            streamsByPool.computeIfAbsent(pool.pool(), p -> new ArrayList<>()).add(new PoolStream(stream, pool));
        }
    }

    @Override
    public List<String> openingFrames() {
        String pools = String.join("\",\"", streamsByPool.keySet());
        return List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":" + HEADS_ID + ",\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + LOGS_ID + ",\"method\":\"eth_subscribe\",\"params\":[\"logs\","
                        + "{\"address\":[\"" + pools + "\"],\"topics\":[\"" + SwapLogDecoder.SWAP_TOPIC + "\"]}]}");
    }

    @Override
    public Duration tickInterval() {
        return confirmations < 0 ? Duration.ofSeconds(6) : null;
    }

    /** With {@code --confirmations finalized}: asks the node for its finalized block on the same socket. */
    @Override
    public void onTick(long nowMillis, LiveSignals out) {
        if (confirmations < 0) {
            out.send("{\"jsonrpc\":\"2.0\",\"id\":" + (nextId++)
                    + ",\"method\":\"eth_getBlockByNumber\",\"params\":[\"finalized\",false]}");
        }
    }

    @Override
    public void onText(String frame, LiveSignals out) {
        if (reconnecting) {
            return;
        }
        try {
            JsonNode message = JSON.readTree(frame);
            if (message == null || !message.isObject()) {
                throw new BadLogException("not a JSON-RPC object", frame);
            }
            if (message.has("method")) {
                onNotification(message, frame, out);
            } else if (message.has("id")) {
                onResponse(message, frame, out);
            } else {
                throw new BadLogException("neither a response nor a notification", frame);
            }
        } catch (BadLogException e) {
            out.malformed(null, e.toMalformed());
            askReconnect("a notification could not be read (" + e.getMessage() + ")", out);
        } catch (java.io.IOException | RuntimeException e) {
            out.malformed(null, new MalformedFrameException("not JSON: " + e.getMessage(), frame));
            askReconnect("a frame was not JSON", out);
        }
    }

    private void onResponse(JsonNode message, String frame, LiveSignals out) {
        int id = message.get("id").asInt(-1);
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            String text = error.path("message").asText() + " (code " + error.path("code").asText() + ")";
            if (id == HEADS_ID || id == LOGS_ID) {
                for (StreamId stream : streams) {
                    out.streamError(stream, "eth_subscribe " + (id == HEADS_ID ? "newHeads" : "logs")
                            + " refused: " + text);
                }
                askReconnect("a subscription was refused", out);
            } else {
                LOG.warn("[ethereum] the node refused the finalized-block request: {}", text);
            }
            return;
        }
        JsonNode result = message.get("result");
        if (id == HEADS_ID) {
            headsSubscription = result.asText();
        } else if (id == LOGS_ID) {
            logsSubscription = result.asText();
        } else if (result != null && result.isObject()) {
            window.finalized(SwapLogDecoder.quantity(result, "number", frame));
            release(out);
        }
    }

    private void onNotification(JsonNode message, String frame, LiveSignals out) {
        if (!"eth_subscription".equals(message.get("method").asText())) {
            return;
        }
        JsonNode params = message.path("params");
        String subscription = params.path("subscription").asText();
        JsonNode result = params.get("result");
        if (result == null || !result.isObject()) {
            throw new BadLogException("notification without a result object", frame);
        }
        if (subscription.equals(headsSubscription)) {
            onHead(new BlockHeader(SwapLogDecoder.quantity(result, "number", frame),
                    text(result, "hash", frame), text(result, "parentHash", frame),
                    SwapLogDecoder.quantity(result, "timestamp", frame)), out);
        } else if (subscription.equals(logsSubscription)) {
            SwapLog log = SwapLogDecoder.decode(result, frame);
            if (!streamsByPool.containsKey(log.pool())) {
                return; // not a pool of ours (a node that ignores the address filter)
            }
            if (log.removed()) {
                window.removed(log.blockHash(), log.logIndex());
            } else if (!window.log(new HeldLog<>(log.block(), log.blockHash(), log.logIndex(), log))) {
                askReconnect("a log of block " + log.block() + " arrived after the block was released", out);
            }
        }
    }

    private void onHead(BlockHeader header, LiveSignals out) {
        if (headsSubscription == null || logsSubscription == null) {
            return; // before both subscriptions stand, a block's logs may be missing
        }
        window.completeFrom(header.number() + 1);
        ConfirmationWindow.Reorg reorg = window.header(header);
        if (reorg != null) {
            out.reorg(reorg.fromBlock(), reorg.toBlock(), reorg.droppedLogs(), reorg.beyondConfirmations());
            if (reorg.beyondConfirmations()) {
                LOG.error("[ethereum] reorganisation deeper than --confirmations {}: blocks {}..{} were already "
                                + "written and are now replaced (new head {} {}). Their candles may be wrong: run "
                                + "scripts/repair.sh --feed ethereum with --from/--to around those blocks, and raise "
                                + "--confirmations (or use finalized)", confirmationsText(), reorg.fromBlock(),
                        reorg.toBlock(), header.number(), header.hash());
            } else {
                LOG.info("[ethereum] reorganisation of {} block(s) from {} inside the confirmation window: {} held "
                        + "log(s) dropped", reorg.depth(), reorg.fromBlock(), reorg.droppedLogs());
            }
        }
        out.chainHead(window.head(), window.confirmedTarget());
        release(out);
    }

    private void release(LiveSignals out) {
        if (window.broken() != null) {
            askReconnect(window.broken(), out);
            return;
        }
        if (!covered) {
            if (!window.coverageKnown()) {
                return;
            }
            covered = true;
            out.coversAfter(null, new Cursor(window.firstComplete() - 1, EthereumFeed.LAST_INDEX));
        }
        List<ConfirmationWindow.Released<SwapLog>> blocks = window.release();
        if (blocks.isEmpty()) {
            if (window.broken() != null) {
                askReconnect(window.broken(), out);
            }
            return;
        }
        List<Trade> trades = new ArrayList<>();
        for (ConfirmationWindow.Released<SwapLog> block : blocks) {
            for (HeldLog<SwapLog> held : block.logs()) {
                SwapLog log = held.payload();
                for (PoolStream stream : streamsByPool.get(log.pool())) {
                    Optional<Trade> trade = SwapAmounts.trade(stream.stream(), stream.symbol(), tokens.get(log.pool()),
                            new Cursor(log.block(), log.logIndex()), block.header().timeMillis(), log.amount0(),
                            log.amount1());
                    if (trade.isPresent()) {
                        trades.add(trade.get());
                    } else if (stream == streamsByPool.get(log.pool()).get(0)) {
                        zeroAmountSwaps++;
                        LOG.info("[ethereum] swap {}/{} of {} has a zero amount and no price: skipped ({} so far)",
                                log.block(), log.logIndex(), log.pool(), zeroAmountSwaps);
                    }
                }
            }
        }
        out.trades(trades);
        BlockHeader last = blocks.get(blocks.size() - 1).header();
        for (StreamId stream : streams) {
            out.safeTime(stream, last.timeMillis() + 999);
        }
        out.head(null, new Cursor(last.number(), EthereumFeed.LAST_INDEX));
        if (window.broken() != null) {
            askReconnect(window.broken(), out);
        }
    }

    private void askReconnect(String why, LiveSignals out) {
        if (!reconnecting) {
            reconnecting = true;
            out.reconnect(why);
        }
    }

    private String confirmationsText() {
        return confirmations < 0 ? "finalized" : Integer.toString(confirmations);
    }

    private static String text(JsonNode node, String field, String frame) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadLogException("head field " + field + " missing or not a string", frame);
        }
        return value.asText().toLowerCase(Locale.ROOT);
    }
}
