package io.candlestream.feed.bitquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.chain.PoolSymbol;
import io.candlestream.feed.chain.PoolTokens;
import io.candlestream.feed.chain.SwapAmounts;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bitquery GraphQL WebSocket connection's protocol, in either subprotocol: {@code connection_init}, then on the
 * ack ONE subscription for the swaps of all pools; each block's portion goes into a {@link PortionWindow} (duplicates
 * merged, any order) and the blocks {@code --confirmations} below the newest block seen are released: their trades in
 * cursor order, a safe time (the newest released block's last millisecond) and a head (the released block's end) for
 * every stream.
 *
 * <p>Coverage: the first portion after subscribing is of block F; portions come in no guaranteed order, so a block up
 * to {@value #REORDER_MARGIN} blocks after F might have been published before the subscription stood. Every block
 * from F + {@value #REORDER_MARGIN} + 1 on is delivered completely, so once that is confirmed the session says it
 * covers every stream after F + {@value #REORDER_MARGIN} and the engine backfills up to there.
 *
 * <p>Bitquery sends no heads: without swaps of ours no portion arrives and the head stands still; the engine's
 * quiet-stream probe ({@link BitqueryHistoryClient#probe}) then gives the newest confirmed block and its time.
 * Silence of {@value #SILENCE_SECONDS} s without any frame (data or keep-alive) asks for a new connection, as
 * Bitquery documents; so does anything the session cannot vouch for. The token is in the URL only, never in a frame.
 */
final class BitquerySession implements LiveSession {

    private static final Logger LOG = LoggerFactory.getLogger(BitquerySession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SUBSCRIPTION_ID = "1";
    static final int REORDER_MARGIN = 3;
    static final int SILENCE_SECONDS = 10;
    static final int CLOSE_TOO_SLOW = 1013;

    private final Map<String, List<PoolStream>> streamsByPool = new LinkedHashMap<>();
    private final List<StreamId> streams = new ArrayList<>();
    private final Map<String, PoolTokens> tokens = new HashMap<>();
    private final BitqueryProtocol protocol;
    private final PortionWindow window;
    private final int confirmations;
    private boolean acknowledged;
    private boolean covered;
    private boolean reconnecting;
    private boolean framesSinceTick;
    private long lastActivityMillis = -1;
    private long newestReleasedTime = -1;
    private long zeroAmountSwaps;

    /** One stream of a pool: its id and which token is its base. */
    private record PoolStream(StreamId stream, PoolSymbol symbol) {}

    BitquerySession(List<String> symbols, BitqueryProtocol protocol, int confirmations) {
        this.protocol = protocol;
        this.confirmations = confirmations;
        this.window = new PortionWindow(confirmations, REORDER_MARGIN);
        for (String symbol : symbols) {
            PoolSymbol pool = PoolSymbol.parse(symbol);
            StreamId stream = StreamId.of(BitqueryFeed.NAME, pool.symbol());
            streams.add(stream);
            streamsByPool.computeIfAbsent(pool.pool(), p -> new ArrayList<>()).add(new PoolStream(stream, pool));
        }
    }

    @Override
    public List<String> openingFrames() {
        return List.of("{\"type\":\"connection_init\",\"payload\":{}}");
    }

    @Override
    public Duration tickInterval() {
        return Duration.ofSeconds(1);
    }

    /** Asks for a new connection after {@value #SILENCE_SECONDS} s without any frame. */
    @Override
    public void onTick(long nowMillis, LiveSignals out) {
        if (framesSinceTick || lastActivityMillis < 0) {
            framesSinceTick = false;
            lastActivityMillis = nowMillis;
        } else if (nowMillis - lastActivityMillis >= SILENCE_SECONDS * 1000L) {
            askReconnect("no data and no keep-alive for " + (nowMillis - lastActivityMillis) / 1000 + " s: Bitquery "
                    + "documents this as a silently dead stream", out);
        }
    }

    /**
     * Close 1013 is Bitquery's "client is not consuming messages fast enough"
     * ({@code docs/subscriptions/silent-disconnect-reconnect.md}): the engine reconnects and backfills the hole, and
     * the operator is told how to stop it recurring.
     */
    @Override
    public String closeAdvice(int code, String reason) {
        if (code != CLOSE_TOO_SLOW) {
            return null;
        }
        return "Bitquery closed the stream because this job did not read its messages fast enough (1013); the hole is "
                + "backfilled after the reconnect. To stop it recurring, narrow the subscription: fewer pools in "
                + "--symbols per job (split them over several jobs), or give the TaskManager more CPU";
    }

    @Override
    public void onText(String frame, LiveSignals out) {
        framesSinceTick = true;
        if (reconnecting) {
            return;
        }
        try {
            JsonNode message = JSON.readTree(frame);
            if (message == null || !message.isObject() || !message.path("type").isTextual()) {
                throw new BadTradeException("not a GraphQL-over-WebSocket message (no string 'type')",
                        MalformedFrameException.excerpt(frame));
            }
            onMessage(message.path("type").asText(), message, frame, out);
        } catch (BadTradeException e) {
            out.malformed(null, e.toMalformed());
            askReconnect("a message could not be read (" + e.getMessage() + ")", out);
        } catch (java.io.IOException e) {
            out.malformed(null, new MalformedFrameException("not JSON: " + e.getMessage(), frame));
            askReconnect("a frame was not JSON", out);
        }
    }

    private void onMessage(String type, JsonNode message, String frame, LiveSignals out) {
        if (type.equals("connection_ack")) {
            if (!acknowledged) {
                acknowledged = true;
                out.send(subscribeFrame());
            }
        } else if (type.equals("ka") || type.equals("pong")) {
            return; // keep-alives: they only count as activity
        } else if (type.equals("ping")) {
            out.send("{\"type\":\"pong\"}");
        } else if (type.equals(protocol.data())) {
            JsonNode payload = message.path("payload");
            if (payload.has("errors") && !payload.path("errors").isEmpty()) {
                refused("the subscription's result has errors: " + errors(payload.path("errors")), out);
                return;
            }
            JsonNode rows = payload.path("data").path("EVM").path("DEXTrades");
            if (!rows.isArray()) {
                throw new BadTradeException("a " + type + " message without data.EVM.DEXTrades",
                        MalformedFrameException.excerpt(frame));
            }
            onRows(rows, out);
        } else if (type.equals("error") || type.equals("connection_error")) {
            refused("Bitquery refused the subscription: " + errors(message.path("payload")), out);
        } else if (type.equals("complete")) {
            askReconnect("Bitquery completed the subscription", out);
        } else {
            throw new BadTradeException("unexpected message type '" + type + "' on " + protocol.subprotocol(),
                    MalformedFrameException.excerpt(frame));
        }
    }

    private String subscribeFrame() {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("id", SUBSCRIPTION_ID);
        frame.put("type", protocol.subscribe());
        frame.putObject("payload").put("query", DexTradeSelection.subscription(streamsByPool.keySet()));
        return frame.toString();
    }

    private void onRows(JsonNode rows, LiveSignals out) {
        TreeMap<Long, List<DexTradeRow>> byBlock = new TreeMap<>();
        for (JsonNode node : rows) {
            DexTradeRow row = DexTradeDecoder.decode(node);
            if (!streamsByPool.containsKey(row.pool())) {
                continue; // not one of ours
            }
            checkTokens(row, node);
            byBlock.computeIfAbsent(row.block(), b -> new ArrayList<>()).add(row);
        }
        for (List<DexTradeRow> block : byBlock.values()) {
            DexTradeRow first = block.get(0);
            for (DexTradeRow row : block) {
                if (!row.blockHash().equals(first.blockHash()) || row.blockTime() != first.blockTime()) {
                    throw new BadTradeException("block " + first.block() + " came with two hashes or times in one "
                            + "portion", MalformedFrameException.excerpt(rows.toString()));
                }
            }
            window.completeFrom(first.block() + REORDER_MARGIN + 1);
            PortionWindow.Reorg reorg = window.portion(first.block(), first.blockHash(), first.blockTime(), block);
            if (reorg != null) {
                out.reorg(reorg.fromBlock(), reorg.toBlock(), reorg.droppedRows(), reorg.beyondConfirmations());
                if (reorg.beyondConfirmations()) {
                    LOG.error("[bitquery] reorganisation deeper than --confirmations: block {} was already written "
                                    + "and is now {}. Its candles may be wrong: run scripts/repair.sh --feed bitquery "
                                    + "with --from/--to around it, and raise --confirmations", first.block(),
                            first.blockHash());
                } else {
                    LOG.info("[bitquery] reorganisation from block {} inside the confirmation window: {} held row(s) "
                            + "dropped", reorg.fromBlock(), reorg.droppedRows());
                }
            }
        }
        if (!byBlock.isEmpty()) {
            out.chainHead(window.head(), Math.max(-1, window.head() - confirmations));
            release(out);
        }
    }

    /** The pool's two currencies and decimals must be the same in every row; a change is not a pool we know. */
    private void checkTokens(DexTradeRow row, JsonNode node) {
        PoolTokens seen = row.tokens();
        PoolTokens known = tokens.putIfAbsent(row.pool(), seen);
        if (known != null && !known.equals(seen)) {
            throw new BadTradeException("pool " + row.pool() + " traded " + seen + " after " + known
                    + ": a pool's currencies and decimals cannot change", MalformedFrameException.excerpt(
                            node.toString()));
        }
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
            out.coversAfter(null, new Cursor(window.firstComplete() - 1, BitqueryFeed.LAST_INDEX));
        }
        long before = window.released();
        List<PortionWindow.Released> blocks = window.release();
        if (window.released() == before) {
            return;
        }
        List<Trade> trades = new ArrayList<>();
        for (PortionWindow.Released block : blocks) {
            newestReleasedTime = Math.max(newestReleasedTime, block.time());
            for (DexTradeRow row : block.rows()) {
                List<PoolStream> poolStreams = streamsByPool.get(row.pool());
                for (PoolStream stream : poolStreams) {
                    Optional<Trade> trade = SwapAmounts.trade(stream.stream(), stream.symbol(), tokens.get(row.pool()),
                            new Cursor(row.block(), row.logIndex()), block.time() * 1000L, row.amount0(),
                            row.amount1());
                    if (trade.isPresent()) {
                        trades.add(trade.get());
                    } else if (stream == poolStreams.get(0)) {
                        zeroAmountSwaps++;
                        LOG.info("[bitquery] swap {}/{} of {} has a zero amount and no price: skipped ({} so far)",
                                row.block(), row.logIndex(), row.pool(), zeroAmountSwaps);
                    }
                }
            }
        }
        if (!trades.isEmpty()) {
            out.trades(trades);
        }
        if (newestReleasedTime >= 0) {
            for (StreamId stream : streams) {
                out.safeTime(stream, newestReleasedTime * 1000L + 999);
            }
        }
        out.head(null, new Cursor(window.released(), BitqueryFeed.LAST_INDEX));
    }

    private void refused(String why, LiveSignals out) {
        for (StreamId stream : streams) {
            out.streamError(stream, why);
        }
        askReconnect(why, out);
    }

    private void askReconnect(String why, LiveSignals out) {
        if (!reconnecting) {
            reconnecting = true;
            out.reconnect(why);
        }
    }

    private static String errors(JsonNode errors) {
        List<String> messages = new ArrayList<>();
        for (JsonNode error : errors.isArray() ? errors : JSON.createArrayNode().add(errors)) {
            messages.add(error.path("message").asText(error.toString()));
        }
        return MalformedFrameException.excerpt(String.join("; ", messages));
    }
}
