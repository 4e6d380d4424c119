package io.candlestream.feed.bitquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/**
 * The Bitquery feed's history over HTTP GraphQL queries, on the shared {@link HttpHistoryClient} (429 and 5xx retried
 * with backoff, {@code Retry-After} honoured), with the token as {@code Authorization: Bearer}:
 *
 * <ul>
 *   <li>a gap is every swap of its pool in a block range, queried with {@code Block: {Number: {ge, le}}}, ordered by
 *       block and log index and paged with {@code limit {count, offset}} (25,000 rows, Bitquery's cap);
 *   <li>every page is checked: rows of the pool only, inside the range, in strict (block, log index) order across
 *       pages (no repeat, no row that goes back), one hash and time per block, the same currencies and decimals in
 *       every row; anything else rejects the page (it is asked again);
 *   <li>the dataset is chosen per range from where {@code realtime} begins (its oldest block, looked up and kept for
 *       {@value #REALTIME_START_REUSE_MILLIS} ms): {@code archive} for a range wholly before it, {@code realtime} for a
 *       range that starts at least {@value #REALTIME_MARGIN_BLOCKS} blocks after it (the archive catches up meanwhile
 *       and realtime drops what it archived), {@code combined} otherwise;
 *   <li>the probe is block H − confirmations, H the newest block in {@code realtime}; its safe time is the time of
 *       the newest block with a trade at or before it, shared by all streams for a second.
 * </ul>
 *
 * Thread-safe.
 */
public final class BitqueryHistoryClient implements HistoryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long REALTIME_START_REUSE_MILLIS = 30_000;
    static final long REALTIME_MARGIN_BLOCKS = 300;
    private static final long PROBE_REUSE_MILLIS = 1_000;

    private final BitqueryFeed feed;
    private final HttpUrl url;
    private final String token;
    private final HttpHistoryClient http;
    private final int pageRows;
    private CompletableFuture<Optional<Long>> realtimeStart;
    private long realtimeStartAt;
    private CompletableFuture<StreamProbe> lastProbe;
    private final io.candlestream.feed.ProbeSpend probeSpend = new io.candlestream.feed.ProbeSpend();
    private long lastProbeAt;

    public BitqueryHistoryClient(HistorySettings settings, HistoryListener listener, BitqueryFeed feed) {
        this(settings, listener, feed, HostPauses.IN_THIS_JVM, DexTradeSelection.MAX_ROWS);
    }

    BitqueryHistoryClient(HistorySettings settings, HistoryListener listener, BitqueryFeed feed, HostPauses pauses,
            int pageRows) {
        if (pageRows < 1 || pageRows > DexTradeSelection.MAX_ROWS) {
            throw new IllegalArgumentException("pageRows must be 1.." + DexTradeSelection.MAX_ROWS + ", was "
                    + pageRows);
        }
        this.feed = feed;
        this.pageRows = pageRows;
        HttpUrl parsed = HttpUrl.parse(settings.restUrl());
        if (parsed == null) {
            throw new IllegalArgumentException("--rest-url must be http(s)://host:port/graphql, was '"
                    + settings.restUrl() + "'");
        }
        this.url = parsed;
        this.token = feed.token().require();
        this.http = HttpHistoryClient.builder(settings, listener, pauses).answers(BitqueryAnswers.INSTANCE)
                .threadName("bitquery-history-timer").build();
    }

    @Override
    public CompletableFuture<List<Trade>> fetch(Gap gap) {
        PoolSymbol symbol = PoolSymbol.parse(gap.stream().symbol());
        long from = gap.after().index() >= BitqueryFeed.LAST_INDEX ? gap.after().height() + 1 : gap.after().height();
        long to = gap.before().index() <= 0 ? gap.before().height() - 1 : gap.before().height();
        if (to < from) {
            return CompletableFuture.completedFuture(List.of());
        }
        return rows(gap.stream(), symbol.pool(), from, to).thenApply(rows -> {
            List<Trade> trades = new ArrayList<>();
            for (DexTradeRow row : rows) {
                Cursor cursor = new Cursor(row.block(), row.logIndex());
                if (cursor.isAfter(gap.after()) && gap.before().isAfter(cursor)) {
                    SwapAmounts.trade(gap.stream(), symbol, row.tokens(), cursor, row.blockTime() * 1000L,
                            row.amount0(), row.amount1()).ifPresent(trades::add);
                }
            }
            return trades;
        });
    }

    /** Every row of {@code pool} in blocks {@code from..to}, in chain order, from the dataset that holds them. */
    CompletableFuture<List<DexTradeRow>> rows(StreamId stream, String pool, long from, long to) {
        return dataset(stream, from, to).thenCompose(dataset -> {
            List<DexTradeRow> into = new ArrayList<>();
            return page(stream, pool, from, to, dataset, 0, into).thenApply(done -> into);
        });
    }

    private CompletableFuture<Void> page(StreamId stream, String pool, long from, long to, String dataset,
            long offset, List<DexTradeRow> into) {
        DexTradeRow previous = into.isEmpty() ? null : into.get(into.size() - 1);
        String query = DexTradeSelection.query(pool, from, to, dataset, pageRows, offset);
        return query(stream, query, data -> checkedPage(data, pool, from, to, previous)).thenCompose(page -> {
            into.addAll(page);
            if (page.size() < pageRows) {
                return CompletableFuture.completedFuture(null);
            }
            return page(stream, pool, from, to, dataset, offset + page.size(), into);
        });
    }

    /** A page's rows, or a rejection (the page is asked again) when one is not what was asked for. */
    static List<DexTradeRow> checkedPage(JsonNode data, String pool, long from, long to, DexTradeRow previous)
            throws RejectedAnswerException {
        JsonNode rows = data.path("EVM").path("DEXTrades");
        if (!rows.isArray()) {
            throw new RejectedAnswerException("the answer has no EVM.DEXTrades list for blocks " + from + ".." + to,
                    data.toString());
        }
        List<DexTradeRow> page = new ArrayList<>(rows.size());
        DexTradeRow last = previous;
        for (JsonNode node : rows) {
            DexTradeRow row;
            try {
                row = DexTradeDecoder.decode(node);
            } catch (BadTradeException e) {
                throw new RejectedAnswerException("a row is not a DEX trade: " + e.getMessage(), e.excerpt());
            }
            String problem = !row.pool().equals(pool) ? "a row of pool " + row.pool() + " for " + pool
                    : row.block() < from || row.block() > to ? "a row of block " + row.block() + " for blocks "
                            + from + ".." + to
                    : last == null ? null
                    : !new Cursor(row.block(), row.logIndex()).isAfter(new Cursor(last.block(), last.logIndex()))
                            ? "row " + row.block() + "/" + row.logIndex() + " after " + last.block() + "/"
                                    + last.logIndex() + " (repeated or out of order: offset paging slipped)"
                    : row.block() == last.block() && (!row.blockHash().equals(last.blockHash())
                            || row.blockTime() != last.blockTime()) ? "block " + row.block() + " with two hashes or "
                                    + "times"
                    : !row.tokens().equals(last.tokens()) ? "pool " + pool + " with currencies " + row.tokens()
                            + " and " + last.tokens()
                    : null;
            if (problem != null) {
                throw new RejectedAnswerException("the page has " + problem, node.toString());
            }
            page.add(row);
            last = row;
        }
        return page;
    }

    /**
     * The dataset that holds blocks {@code from..to}: {@code archive} wholly before realtime's oldest block,
     * {@code realtime} from {@value #REALTIME_MARGIN_BLOCKS} blocks after it, else {@code combined}.
     */
    CompletableFuture<String> dataset(StreamId stream, long from, long to) {
        return realtimeStart(stream).thenApply(start -> {
            if (start.isEmpty()) {
                return "combined";
            }
            if (to < start.get()) {
                return "archive";
            }
            return from >= start.get() + REALTIME_MARGIN_BLOCKS ? "realtime" : "combined";
        });
    }

    /** The oldest block the realtime dataset holds, if any; kept for a while. */
    private synchronized CompletableFuture<Optional<Long>> realtimeStart(StreamId stream) {
        long now = System.currentTimeMillis();
        if (realtimeStart == null || now - realtimeStartAt > REALTIME_START_REUSE_MILLIS
                || realtimeStart.isCompletedExceptionally()) {
            realtimeStartAt = now;
            realtimeStart = edgeBlock(stream, "realtime", "ascending", null).thenApply(b -> b.map(BlockTime::block));
        }
        return realtimeStart;
    }

    /** A block and its time (epoch seconds). */
    record BlockTime(long block, long time) {}

    /** The oldest or newest block with any DEX trade in {@code dataset}, at or before {@code atOrBefore} if given. */
    private CompletableFuture<Optional<BlockTime>> edgeBlock(StreamId stream, String dataset, String order,
            Long atOrBefore) {
        String where = atOrBefore == null ? "" : "where: {Block: {Number: {le: \"" + atOrBefore + "\"}}}, ";
        String query = "{ EVM(network: eth, dataset: " + dataset + ") { DEXTrades(" + where + "orderBy: [{" + order
                + ": Block_Number}], limit: {count: 1}) { Block { Number Time } } } }";
        return query(stream, query, BitqueryHistoryClient::firstBlock);
    }

    private static Optional<BlockTime> firstBlock(JsonNode data) throws RejectedAnswerException {
        JsonNode rows = data.path("EVM").path("DEXTrades");
        if (!rows.isArray()) {
            throw new RejectedAnswerException("the answer has no EVM.DEXTrades list", data.toString());
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        JsonNode block = rows.get(0).path("Block");
        try {
            return Optional.of(new BlockTime(Long.parseLong(block.path("Number").asText()),
                    Instant.parse(block.path("Time").asText()).getEpochSecond()));
        } catch (RuntimeException e) {
            throw new RejectedAnswerException("a block without a number or time", rows.get(0).toString());
        }
    }

    /** The newest block minus the confirmations; empty while realtime holds no block. */
    CompletableFuture<Optional<Long>> confirmedBlock(StreamId stream) {
        return edgeBlock(stream, "realtime", "descending", null)
                .thenCompose(head -> head.isPresent() ? CompletableFuture.completedFuture(head)
                        : edgeBlock(stream, "combined", "descending", null))
                .thenApply(head -> head.map(h -> Math.max(0, h.block() - feed.confirmations())));
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
            probeSpend.request(1); // the confirmed block, then its time: two GraphQL queries for every stream of the round
            probeSpend.request(1);
            lastProbe = confirmedBlock(stream).thenCompose(confirmed -> {
                long block = confirmed.orElseThrow(() -> new HistoryException("Bitquery has no block with a DEX "
                        + "trade in its realtime or combined dataset"));
                return edgeBlock(stream, "combined", "descending", block).thenApply(newest -> new StreamProbe(stream,
                        newest.orElseThrow(() -> new HistoryException("Bitquery has no DEX trade at or before block "
                                + block)).time() * 1000L + 999, null, new Cursor(block, BitqueryFeed.LAST_INDEX)));
            });
        }
        return lastProbe.thenApply(p -> new StreamProbe(stream, p.safeTime(), null, p.head()));
    }

    /** The first confirmed block with a trade of the pool at or after {@code epochMillis}. */
    @Override
    public CompletableFuture<Optional<Cursor>> firstPositionAtOrAfter(StreamId stream, long epochMillis) {
        return firstTradeAtOrAfter(stream, epochMillis).thenApply(t -> t.map(trade -> new Cursor(
                trade.cursor().height(), 0)));
    }

    @Override
    public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
        String pool = PoolSymbol.parse(stream.symbol()).pool();
        String since = Instant.ofEpochSecond(Math.floorDiv(epochMillis + 999, 1000)).toString();
        String query = "{ EVM(network: eth, dataset: combined) { DEXTrades(where: {Block: {Time: {since: \"" + since
                + "\"}}, Trade: {Dex: {SmartContract: {is: \"" + pool + "\"}}}}, orderBy: [{ascending: Block_Number},"
                + " {ascending: Log_Index}], limit: {count: 1}) { Block { Number } } } }";
        return confirmedBlock(stream).thenCompose(confirmed -> query(stream, query, data -> {
            JsonNode rows = data.path("EVM").path("DEXTrades");
            return rows.isArray() && !rows.isEmpty() ? Optional.of(Long.parseLong(rows.get(0).path("Block")
                    .path("Number").asText())) : Optional.<Long>empty();
        }).thenCompose(block -> block.isEmpty() || confirmed.isEmpty() || block.get() > confirmed.get()
                ? CompletableFuture.completedFuture(Optional.<Trade>empty())
                : fetch(new Gap(stream, new Cursor(block.get(), -1), new Cursor(block.get(),
                        BitqueryFeed.LAST_INDEX + 1))).thenApply(trades -> trades.stream().findFirst())));
    }

    /** The time of the position's block, if it has a swap of the pool (Bitquery serves blocks through their trades). */
    @Override
    public CompletableFuture<Optional<Long>> positionTime(StreamId stream, Cursor position) {
        String pool = PoolSymbol.parse(stream.symbol()).pool();
        return rows(stream, pool, position.height(), position.height())
                .thenCompose(rows -> rows.isEmpty()
                        ? edgeBlock(stream, "combined", "descending", position.height())
                                .thenApply(b -> b.filter(t -> t.block() == position.height()).map(BlockTime::time))
                        : CompletableFuture.completedFuture(Optional.of(rows.get(0).blockTime())))
                .thenApply(t -> t.map(s -> s * 1000L));
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

    /** The newest block's time in realtime, epoch milliseconds. */
    @Override
    public CompletableFuture<Long> serverTime() {
        return edgeBlock(null, "realtime", "descending", null).thenApply(b -> b.orElseThrow(
                () -> new HistoryException("Bitquery's realtime dataset has no block")).time() * 1000L);
    }

    /** What one query's {@code data} turns into; throwing rejects the answer (it is asked again). */
    @FunctionalInterface
    private interface DataParser<T> {
        T parse(JsonNode data) throws Exception;
    }

    private <T> CompletableFuture<T> query(StreamId stream, String query, DataParser<T> parser) {
        String body = JSON.createObjectNode().put("query", query).toString();
        HistoryRequest.Builder<T> request = HistoryRequest.post(url, body, text -> {
            JsonNode answer = JSON.readTree(text);
            JsonNode errors = answer.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                String message = errors.get(0).path("message").asText(errors.toString());
                if (answer.path("data").isMissingNode() || answer.path("data").isNull()) {
                    throw new HistoryException("Bitquery refused the query: " + message);
                }
                throw new RejectedAnswerException("Bitquery answered with an error: " + message, text);
            }
            JsonNode data = answer.path("data");
            if (!data.isObject()) {
                throw new RejectedAnswerException("the answer has no data object", text);
            }
            return parser.parse(data);
        }).header("Authorization", "Bearer " + token);
        if (stream != null) {
            request.stream(stream);
        }
        return http.send(request.build());
    }

    @Override
    public void close() {
        http.close();
    }
}
