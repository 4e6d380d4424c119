package io.candlestream.feed.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.StreamProbe;
import io.candlestream.feed.chain.PoolSymbol;
import io.candlestream.feed.chain.PoolTokens;
import io.candlestream.feed.chain.SwapAmounts;
import io.candlestream.history.HistoryRequest;
import io.candlestream.history.HostPauses;
import io.candlestream.history.HttpHistoryClient;
import io.candlestream.history.RejectedAnswerException;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;

/**
 * The Ethereum feed's history over HTTP JSON-RPC, on the shared {@link HttpHistoryClient} (retries with jitter,
 * {@code Retry-After}, 429/503, JSON-RPC rate-limit errors paused like a 429):
 *
 * <ul>
 *   <li>a gap is every {@code Swap} log of its pool strictly between its two cursors, read with {@code eth_getLogs}
 *       in block ranges of {@link LogSpan}'s current span; a refused range is split (to the provider's suggestion
 *       when it gives one) and the span grows again after successes;
 *   <li>every answer is checked: each log is of the pool and the Swap topic, inside the range asked, not removed,
 *       and no log index repeats; anything else rejects the answer (it is asked again);
 *   <li>timestamps come from {@code blockTimestamp} when the node sends it, else from {@code eth_getBlockByNumber},
 *       cached;
 *   <li>the probe is the block at head − confirmations (or {@code finalized}): its timestamp is the safe time and its
 *       end the newest position, shared by all streams for a second, so a probe round costs O(1) requests.
 * </ul>
 *
 * Thread-safe.
 */
public final class EthereumHistoryClient implements HistoryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMESTAMPS_CACHED = 50_000;
    private static final long PROBE_REUSE_MILLIS = 1_000;
    private static final String TOKEN0 = "0x0dfe1681";
    private static final String TOKEN1 = "0xd21220a7";
    private static final String DECIMALS = "0x313ce567";

    private final EthereumFeed feed;
    private final HttpUrl url;
    private final HttpHistoryClient http;
    private final LogSpan span = new LogSpan(EthereumFeed.CHUNK_BLOCKS);
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Long> timestamps = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > TIMESTAMPS_CACHED;
        }
    };
    private CompletableFuture<StreamProbe> lastProbe;
    private final io.candlestream.feed.ProbeSpend probeSpend = new io.candlestream.feed.ProbeSpend();
    private long lastProbeAt;

    public EthereumHistoryClient(HistorySettings settings, HistoryListener listener, EthereumFeed feed) {
        this(settings, listener, feed, HostPauses.IN_THIS_JVM);
    }

    EthereumHistoryClient(HistorySettings settings, HistoryListener listener, EthereumFeed feed, HostPauses pauses) {
        this.feed = feed;
        String given = EthereumFeed.RPC_URL.read(System.getenv()).orElse(settings.restUrl());
        HttpUrl parsed = HttpUrl.parse(given);
        if (parsed == null) {
            throw new IllegalArgumentException("the JSON-RPC URL must be http(s)://host:port[/path], was "
                    + (given.startsWith("http") ? "an unparsable URL" : "'" + given + "'"));
        }
        this.url = parsed;
        this.http = HttpHistoryClient.builder(settings, listener, pauses).answers(JsonRpcAnswers.INSTANCE)
                .threadName("ethereum-history-timer").build();
    }

    /** The current {@code eth_getLogs} span in blocks. */
    public long logSpan() {
        return span.now();
    }

    /** Ranges a provider refused so far (each one split). */
    public long rangeSplits() {
        return span.splits();
    }

    @Override
    public CompletableFuture<List<Trade>> fetch(Gap gap) {
        PoolSymbol symbol = PoolSymbol.parse(gap.stream().symbol());
        long from = gap.after().index() >= EthereumFeed.LAST_INDEX ? gap.after().height() + 1 : gap.after().height();
        long to = gap.before().index() <= 0 ? gap.before().height() - 1 : gap.before().height();
        if (to < from) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<SwapLog> logs = new ArrayList<>();
        return logs(gap.stream(), symbol.pool(), from, to, logs)
                .thenCompose(done -> withTimestamps(gap.stream(), logs))
                .thenApply(times -> {
                    List<Trade> trades = new ArrayList<>();
                    PoolTokens tokens = feed.tokens(symbol.pool());
                    for (SwapLog log : logs) {
                        Cursor cursor = new Cursor(log.block(), log.logIndex());
                        if (cursor.isAfter(gap.after()) && gap.before().isAfter(cursor)) {
                            SwapAmounts.trade(gap.stream(), symbol, tokens, cursor, times.get(log.block()) * 1000L,
                                    log.amount0(), log.amount1()).ifPresent(trades::add);
                        }
                    }
                    trades.sort(Comparator.comparing(Trade::cursor));
                    return trades;
                });
    }

    /** Every Swap log of {@code pool} in blocks {@code from..to}, appended to {@code into} in order. */
    private CompletableFuture<Void> logs(StreamId stream, String pool, long from, long to, List<SwapLog> into) {
        if (from > to) {
            return CompletableFuture.completedFuture(null);
        }
        long asked = Math.min(span.now(), to - from + 1);
        long last = from + asked - 1;
        ObjectNode filter = JsonNodeFactory.instance.objectNode();
        filter.put("fromBlock", hex(from));
        filter.put("toBlock", hex(last));
        filter.put("address", pool);
        filter.putArray("topics").add(SwapLogDecoder.SWAP_TOPIC);
        List<SwapLog> page = new ArrayList<>();
        return call(stream, "eth_getLogs", params(filter), true, result -> page.addAll(checkedLogs(result, pool, from,
                last))).thenCompose(answer -> {
            if (answer.failed()) {
                long suggested = LogRangeLimit.suggested(answer.errorMessage())
                        .filter(r -> r[0] == from && r[1] >= from && r[1] < last).map(r -> r[1] - r[0] + 1).orElse(0L);
                span.refused(asked, suggested);
                if (asked == 1) {
                    return CompletableFuture.failedFuture(new HistoryException("[" + stream + "] the node refuses "
                            + "eth_getLogs even for the single block " + from + ": " + answer.errorMessage()));
                }
                return logs(stream, pool, from, to, into);
            }
            into.addAll(page);
            span.answered();
            return logs(stream, pool, last + 1, to, into);
        });
    }

    /** The answer's logs, or a rejection (the range is asked again) when one is not what was asked for. */
    private static List<SwapLog> checkedLogs(JsonNode result, String pool, long from, long to)
            throws RejectedAnswerException {
        if (result == null || !result.isArray()) {
            throw new RejectedAnswerException("eth_getLogs answered no list for blocks " + from + ".." + to,
                    String.valueOf(result));
        }
        List<SwapLog> logs = new ArrayList<>(result.size());
        TreeSet<Cursor> seen = new TreeSet<>();
        for (JsonNode node : result) {
            SwapLog log;
            try {
                log = SwapLogDecoder.decode(node, node.toString());
            } catch (BadLogException e) {
                throw new RejectedAnswerException("eth_getLogs answered a log that is not a Swap: " + e.getMessage(),
                        node.toString());
            }
            String problem = !log.pool().equals(pool) ? "a log of " + log.pool() + " for " + pool
                    : log.block() < from || log.block() > to ? "a log of block " + log.block() + " for blocks "
                            + from + ".." + to
                    : log.removed() ? "a removed log (the range is not settled yet)"
                    : !seen.add(new Cursor(log.block(), log.logIndex())) ? "log " + log.block() + "/"
                            + log.logIndex() + " twice"
                    : null;
            if (problem != null) {
                throw new RejectedAnswerException("eth_getLogs answered " + problem, node.toString());
            }
            logs.add(log);
        }
        logs.sort(Comparator.comparingLong(SwapLog::block).thenComparingInt(SwapLog::logIndex));
        return logs;
    }

    /** The timestamps (seconds) of the logs' blocks: from the logs, the cache, or eth_getBlockByNumber. */
    private CompletableFuture<Map<Long, Long>> withTimestamps(StreamId stream, List<SwapLog> logs) {
        Map<Long, Long> times = new LinkedHashMap<>();
        List<Long> missing = new ArrayList<>();
        synchronized (timestamps) {
            for (SwapLog log : logs) {
                if (log.blockTimestamp() >= 0) {
                    times.put(log.block(), log.blockTimestamp());
                    timestamps.put(log.block(), log.blockTimestamp());
                } else if (timestamps.containsKey(log.block())) {
                    times.put(log.block(), timestamps.get(log.block()));
                } else if (!missing.contains(log.block())) {
                    missing.add(log.block());
                }
            }
        }
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (long block : missing) {
            all = all.thenCompose(v -> blockTimestamp(stream, block).thenAccept(t -> times.put(block,
                    t.orElseThrow(() -> new HistoryException("[" + stream + "] block " + block
                            + " has logs but the node does not serve the block")))));
        }
        return all.thenApply(v -> times);
    }

    /** The block's timestamp in seconds, if the node has the block. */
    CompletableFuture<Optional<Long>> blockTimestamp(StreamId stream, long block) {
        synchronized (timestamps) {
            Long cached = timestamps.get(block);
            if (cached != null) {
                return CompletableFuture.completedFuture(Optional.of(cached));
            }
        }
        return block(stream, hex(block)).thenApply(header -> header.map(h -> {
            long t = SwapLogDecoder.quantity(h, "timestamp", h.toString());
            synchronized (timestamps) {
                timestamps.put(block, t);
            }
            return t;
        }));
    }

    /** {@code eth_getBlockByNumber} without transactions; empty when the node has no such block yet. */
    private CompletableFuture<Optional<JsonNode>> block(StreamId stream, String numberOrTag) {
        return call(stream, "eth_getBlockByNumber", params(numberOrTag, false), false).thenApply(answer -> {
            JsonNode result = answer.result();
            return result == null || result.isNull() ? Optional.empty() : Optional.of(result);
        });
    }

    private CompletableFuture<Long> blockNumber(StreamId stream) {
        return call(stream, "eth_blockNumber", params(), false).thenApply(answer -> parseQuantity(answer.result()));
    }

    /** The confirmed block: head − confirmations, or the node's {@code finalized} block. */
    CompletableFuture<Long> confirmedBlock(StreamId stream) {
        if (feed.confirmations() < 0) {
            return block(stream, "finalized").thenApply(b -> b.map(n -> SwapLogDecoder.quantity(n, "number",
                    n.toString())).orElseThrow(() -> new HistoryException("the node has no finalized block")));
        }
        return blockNumber(stream).thenApply(head -> Math.max(0, head - feed.confirmations()));
    }

    /** Two requests per probe round (shared by every stream of the round through the probe's reuse window). */
    @Override
    public java.util.Optional<io.candlestream.feed.ProbeSpend> probeSpend() {
        return java.util.Optional.of(probeSpend);
    }

    @Override
    public synchronized CompletableFuture<StreamProbe> probe(StreamId stream, Duration publicationDelay) {
        long now = System.currentTimeMillis();
        if (lastProbe == null || now - lastProbeAt > PROBE_REUSE_MILLIS || lastProbe.isCompletedExceptionally()) {
            lastProbeAt = now;
            probeSpend.request(1); // the confirmed block, then its time: two JSON-RPC calls for every stream of the round
            probeSpend.request(1);
            lastProbe = confirmedBlock(stream).thenCompose(confirmed -> blockTimestamp(stream, confirmed)
                    .thenApply(t -> new StreamProbe(stream, t.orElseThrow(() -> new HistoryException(
                            "the node does not serve its confirmed block " + confirmed)) * 1000L + 999, null,
                            new Cursor(confirmed, EthereumFeed.LAST_INDEX))));
        }
        return lastProbe.thenApply(p -> new StreamProbe(stream, p.safeTime(), null, p.head()));
    }

    @Override
    public CompletableFuture<Optional<Cursor>> firstPositionAtOrAfter(StreamId stream, long epochMillis) {
        long wanted = Math.floorDiv(epochMillis + 999, 1000); // the first block with timestamp * 1000 >= epochMillis
        return confirmedBlock(stream).thenCompose(confirmed -> blockTimestamp(stream, confirmed).thenCompose(t -> {
            if (t.isEmpty() || t.get() < wanted) {
                return CompletableFuture.completedFuture(Optional.<Cursor>empty());
            }
            return search(stream, 0, confirmed, wanted).thenApply(b -> Optional.of(new Cursor(b, 0)));
        }));
    }

    /** The first block in {@code lo..hi} with a timestamp at or after {@code wanted}; block hi qualifies. */
    private CompletableFuture<Long> search(StreamId stream, long lo, long hi, long wanted) {
        if (lo >= hi) {
            return CompletableFuture.completedFuture(hi);
        }
        long mid = lo + (hi - lo) / 2;
        return blockTimestamp(stream, mid).thenCompose(t -> t.isPresent() && t.get() >= wanted
                ? search(stream, lo, mid, wanted) : search(stream, mid + 1, hi, wanted));
    }

    @Override
    public CompletableFuture<Optional<Long>> positionTime(StreamId stream, Cursor position) {
        return blockTimestamp(stream, position.height()).thenApply(t -> t.map(s -> s * 1000L));
    }

    @Override
    public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
        return firstPositionAtOrAfter(stream, epochMillis).thenCompose(position -> position.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<Trade>empty())
                : confirmedBlock(stream).thenCompose(confirmed -> fetch(new Gap(stream,
                                new Cursor(position.get().height(), -1), new Cursor(confirmed, EthereumFeed.LAST_INDEX + 1)))
                        .thenApply(trades -> trades.stream().findFirst())));
    }

    @Override
    public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
        return fetch(new Gap(stream, new Cursor(cursor.height(), cursor.index() - 1),
                new Cursor(cursor.height(), cursor.index() + 1))).thenApply(trades -> trades.stream().findFirst());
    }

    /** A chain has no cheap "newest trade"; the engine asks sparse feeds for positions ({@link #probe}) instead. */
    @Override
    public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The newest block's timestamp, epoch milliseconds. */
    @Override
    public CompletableFuture<Long> serverTime() {
        return block(null, "latest").thenApply(b -> SwapLogDecoder.quantity(b.orElseThrow(
                () -> new HistoryException("the node has no latest block")), "timestamp", "latest") * 1000L);
    }

    /**
     * The pool's tokens and their decimals, with {@code eth_call}; a contract that is not a pool fails with a message
     * that names it.
     */
    PoolTokens poolTokens(String pool) {
        try {
            String token0 = address(ethCall(pool, TOKEN0).join(), pool, "token0()");
            String token1 = address(ethCall(pool, TOKEN1).join(), pool, "token1()");
            int decimals0 = decimals(ethCall(token0, DECIMALS).join(), token0);
            int decimals1 = decimals(ethCall(token1, DECIMALS).join(), token1);
            return new PoolTokens(pool, token0, decimals0, token1, decimals1);
        } catch (java.util.concurrent.CompletionException | HistoryException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new HistoryException("--symbols " + pool + ": cannot read the pool's tokens from the node ("
                    + cause.getMessage() + "); is it a Uniswap V3 pool on this chain, and is --rest-url (or "
                    + EthereumFeed.RPC_URL.variable() + ") a reachable node?", cause);
        }
    }

    private CompletableFuture<RpcAnswer> ethCall(String to, String data) {
        ObjectNode call = JsonNodeFactory.instance.objectNode();
        call.put("to", to);
        call.put("data", data);
        return call(null, "eth_call", params(call, "latest"), true);
    }

    private static String address(RpcAnswer answer, String pool, String what) {
        String word = word(answer, pool, what);
        return "0x" + word.substring(word.length() - 40).toLowerCase(Locale.ROOT);
    }

    private static int decimals(RpcAnswer answer, String token) {
        return new BigInteger(word(answer, token, "decimals()"), 16).intValueExact();
    }

    private static String word(RpcAnswer answer, String contract, String what) {
        if (answer.failed()) {
            throw new HistoryException(what + " of " + contract + " failed: " + answer.errorMessage());
        }
        String hex = answer.result() == null ? "" : answer.result().asText();
        if (!hex.startsWith("0x") || hex.length() < 66) {
            throw new HistoryException(what + " of " + contract + " answered '" + hex + "', not a 32-byte word");
        }
        return hex.substring(2, 66);
    }

    /**
     * One JSON-RPC call. With {@code errorsAnswered}, a JSON-RPC error is the answer (the caller decides: split a
     * range, name a contract); without, it rejects the answer and the call is retried like a 5xx.
     */
    /** A check of a call's result inside the answer's parser: throwing rejects the answer (it is asked again). */
    @FunctionalInterface
    private interface ResultCheck {
        void check(JsonNode result) throws Exception;
    }

    private CompletableFuture<RpcAnswer> call(StreamId stream, String method, ArrayNode params, boolean errorsAnswered) {
        return call(stream, method, params, errorsAnswered, result -> { });
    }

    private CompletableFuture<RpcAnswer> call(StreamId stream, String method, ArrayNode params, boolean errorsAnswered,
            ResultCheck check) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("jsonrpc", "2.0");
        body.put("id", ids.incrementAndGet());
        body.put("method", method);
        body.set("params", params);
        HistoryRequest.Builder<RpcAnswer> request = HistoryRequest.post(url, body.toString(), text -> {
            JsonNode answer = JSON.readTree(text);
            JsonNode error = answer.get("error");
            if (error != null && !error.isNull()) {
                RpcAnswer failed = new RpcAnswer(null, error.path("code").asInt(), error.path("message").asText());
                if (errorsAnswered && (!method.equals("eth_getLogs")
                        || LogRangeLimit.isRangeLimit(failed.errorCode(), failed.errorMessage()))) {
                    return failed;
                }
                throw new RejectedAnswerException(method + " failed: " + failed.errorMessage() + " (code "
                        + failed.errorCode() + ")", text);
            }
            if (!answer.has("result")) {
                throw new RejectedAnswerException(method + " answered neither result nor error", text);
            }
            check.check(answer.get("result"));
            return new RpcAnswer(answer.get("result"), null, null);
        });
        if (stream != null) {
            request.stream(stream);
        }
        return http.send(request.build());
    }

    private static ArrayNode params(Object... values) {
        ArrayNode params = JsonNodeFactory.instance.arrayNode();
        for (Object value : values) {
            if (value instanceof JsonNode node) {
                params.add(node);
            } else if (value instanceof Boolean b) {
                params.add(b);
            } else {
                params.add(String.valueOf(value));
            }
        }
        return params;
    }

    private static long parseQuantity(JsonNode node) {
        String text = node == null ? "" : node.asText();
        if (!text.startsWith("0x")) {
            throw new HistoryException("expected a hex quantity, got '" + text + "'");
        }
        return Long.parseLong(text.substring(2), 16);
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** {@code logSpanBlocks} (the {@code eth_getLogs} span asked for now) and {@code logRangeSplits}. */
    @Override
    public Map<String, java.util.function.LongSupplier> gauges() {
        return Map.of("logSpanBlocks", span::now, "logRangeSplits", span::splits);
    }

    @Override
    public void close() {
        http.close();
    }
}
