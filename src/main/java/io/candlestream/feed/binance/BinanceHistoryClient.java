package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot history over REST ({@code /api/v3/aggTrades}, {@code /api/v3/time}, {@code /api/v3/exchangeInfo}),
 * asynchronous on OkHttp, with page checks, request-weight pacing and retries inside.
 *
 * <ul>
 *   <li>Every page is checked: it starts at the requested id, its ids are contiguous, ids at or past the range end are
 *       dropped, and an empty page while ids are still missing is rejected. A rejected page is requested again,
 *       never accepted.
 *   <li>Pacing: the {@code REQUEST_WEIGHT} limit and its window are read once from {@code exchangeInfo} (default
 *       {@value #DEFAULT_WEIGHT_LIMIT} per minute); a request that would pass {@code weightBudget × limit} in the
 *       window (own weight sent plus everybody else's from {@code X-MBX-USED-WEIGHT-1M}) waits for the next window,
 *       and the weight in flight is capped to the margin the budget leaves (see {@link WeightPacer}).
 *   <li>429 and 418 wait {@code Retry-After} (plus up to {@value #RETRY_AFTER_JITTER_MILLIS} ms jitter) for every
 *       request of this client; 5xx, timeouts and I/O errors retry with capped exponential backoff and full jitter up
 *       to {@code maxAttempts}; other 4xx fail at once with Binance's code and message.
 * </ul>
 *
 * <p>Thread-safe. One {@link OkHttpClient} per instance (its own dispatcher and connection pool) and one scheduler
 * thread for delays; nothing blocks or sleeps. {@link #close()} fails whatever is still pending.
 */
public final class BinanceHistoryClient implements HistoryClient {

    private static final Logger LOG = LoggerFactory.getLogger(BinanceHistoryClient.class);

    /** Request weight of {@code GET /api/v3/aggTrades} (any limit). */
    public static final int AGG_TRADES_WEIGHT = 4;

    /** Request weight of {@code GET /api/v3/exchangeInfo}. */
    public static final int EXCHANGE_INFO_WEIGHT = 20;

    /** Request weight of {@code GET /api/v3/time}. */
    public static final int TIME_WEIGHT = 1;

    /** The per-minute REQUEST_WEIGHT limit assumed when exchangeInfo does not state one. */
    public static final int DEFAULT_WEIGHT_LIMIT = 6000;

    /** The request-weight window assumed until exchangeInfo states one: Binance's minute. */
    public static final Duration DEFAULT_WEIGHT_WINDOW = Duration.ofMinutes(1);

    /** Requests one client has on the wire at most; above the pacer's in-flight cap, so none waits in OkHttp. */
    static final int MAX_CONCURRENT_REQUESTS = WeightPacer.MAX_IN_FLIGHT_WEIGHT / AGG_TRADES_WEIGHT + 8;

    /** Pages of one {@link #fetchIds} range requested at the same time by default. */
    public static final int DEFAULT_PAGES_IN_FLIGHT = 4;

    /** Longest window {@code aggTrades} accepts between {@code startTime} and {@code endTime}: one hour, exclusive. */
    static final long TIME_WINDOW_MILLIS = Duration.ofHours(1).toMillis();

    static final long RETRY_AFTER_JITTER_MILLIS = 250;

    /** Used when a 429/418 carries no readable {@code Retry-After}. */
    static final long DEFAULT_RETRY_AFTER_MILLIS = 1_000;

    /**
     * 429/418 answers one request waits out before it fails. They do not use up {@code maxAttempts} (the exchange said
     * exactly how long to wait), but a request must not wait forever.
     */
    static final int MAX_RATE_LIMITED_WAITS = 50;

    /** Rate-limit pauses per exchange host, shared by every client in this JVM (they share one IP). */
    private static final ConcurrentHashMap<String, AtomicLong> PAUSES = new ConcurrentHashMap<>();

    private final HistorySettings settings;
    private final HistoryListener listener;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler;
    private final WeightPacer pacer;
    private final int pagesInFlight;
    private final boolean windowFromExchange;
    private final AtomicReference<CompletableFuture<Void>> limitLoaded = new AtomicReference<>();
    private final Set<Exchange<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public BinanceHistoryClient(HistorySettings settings, HistoryListener listener) {
        this(settings, listener, 1);
    }

    /**
     * A client that shares the exchange's weight budget with {@code sharers - 1} other clients on the same IP (the
     * parallel subtasks of the backfill operator): the weight each keeps in flight is divided accordingly (see
     * {@link WeightPacer}). The weight window is the one exchangeInfo states (Binance: one minute).
     */
    public BinanceHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        this(settings, listener, null, DEFAULT_PAGES_IN_FLIGHT, System::currentTimeMillis, sharers);
    }

    /**
     * @param weightWindow length of the request-weight window ({@code 1m} at Binance; shorter in tests)
     * @param pagesInFlight pages of one range requested at the same time
     * @param clock epoch milliseconds; windows are aligned to it
     */
    BinanceHistoryClient(HistorySettings settings, HistoryListener listener, Duration weightWindow, int pagesInFlight,
            LongSupplier clock) {
        this(settings, listener, weightWindow, pagesInFlight, clock, 1);
    }

    /** @param weightWindow the window, or {@code null} to take the one exchangeInfo states (default one minute) */
    BinanceHistoryClient(HistorySettings settings, HistoryListener listener, Duration weightWindow, int pagesInFlight,
            LongSupplier clock, int sharers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (pagesInFlight < 1) {
            throw new IllegalArgumentException("pagesInFlight must be at least 1, was " + pagesInFlight);
        }
        this.pagesInFlight = pagesInFlight;
        HttpUrl parsed = HttpUrl.parse(settings.restUrl());
        if (parsed == null) {
            throw new IllegalArgumentException("restUrl must be an http(s) URL, was '" + settings.restUrl() + "'");
        }
        this.baseUrl = parsed;
        // Every request the pacer admits must go out at once: a call parked in OkHttp's queue could leave after a
        // 429 told the client to wait, which Binance answers with a ban (418). The pacer's in-flight cap is lower.
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
        this.http = new OkHttpClient.Builder().callTimeout(settings.requestTimeout()).dispatcher(dispatcher)
                .connectionPool(new okhttp3.ConnectionPool(MAX_CONCURRENT_REQUESTS, 5, TimeUnit.MINUTES)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "binance-history-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.windowFromExchange = weightWindow == null;
        this.pacer = new WeightPacer(weightWindow == null ? DEFAULT_WEIGHT_WINDOW.toMillis() : weightWindow.toMillis(),
                settings.weightBudget(), DEFAULT_WEIGHT_LIMIT, clock, sharers,
                PAUSES.computeIfAbsent(parsed.host() + ":" + parsed.port(), k -> new AtomicLong()));
    }

    // ------------------------------------------------------------------------------------------ HistoryClient

    @Override
    public CompletableFuture<List<Trade>> fetch(Gap gap) {
        return fetchIds(gap.stream(), gap.after().height() + 1, gap.before().height());
    }

    /**
     * Every trade with an aggregate id in {@code [fromId, endId)}, in id order, checked to be complete. The range is
     * cut into pages of {@value BinanceFeed#MAX_PAGE_IDS} ids, of which up to {@code pagesInFlight} are requested at
     * the same time (the ids are dense, so every page is known in advance).
     */
    public CompletableFuture<List<Trade>> fetchIds(StreamId stream, long fromId, long endId) {
        Objects.requireNonNull(stream, "stream");
        if (fromId >= endId) {
            return CompletableFuture.completedFuture(List.of());
        }
        long pages = (endId - fromId + BinanceFeed.MAX_PAGE_IDS - 1) / BinanceFeed.MAX_PAGE_IDS;
        if (pages == 1) {
            return fetchSegment(stream, fromId, endId);
        }
        if (pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range too long for one fetch: " + fromId + ".." + (endId - 1));
        }
        return new ParallelFetch(stream, fromId, endId, (int) pages).start();
    }

    @Override
    public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
        // Binance documents startTime alone as allowed; whether the answer then spans only the first hour is not
        // specified, so an empty answer is followed by explicit windows of < 1 h up to the server's clock. That is
        // correct under either reading.
        return aggTrades(stream, query -> query.addQueryParameter("startTime", Long.toString(epochMillis)),
                body -> firstInWindow(body, stream, epochMillis, Long.MAX_VALUE))
                .thenCompose(first -> first.isPresent()
                        ? CompletableFuture.completedFuture(first)
                        : serverTime().thenCompose(now -> scanWindows(stream, epochMillis + TIME_WINDOW_MILLIS, now)));
    }

    private CompletableFuture<Optional<Trade>> scanWindows(StreamId stream, long windowStart, long serverTime) {
        if (windowStart > serverTime) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long windowEnd = windowStart + TIME_WINDOW_MILLIS - 1;
        return aggTrades(stream, query -> query
                        .addQueryParameter("startTime", Long.toString(windowStart))
                        .addQueryParameter("endTime", Long.toString(windowEnd)),
                body -> firstInWindow(body, stream, windowStart, windowEnd))
                .thenCompose(first -> first.isPresent()
                        ? CompletableFuture.completedFuture(first)
                        : scanWindows(stream, windowStart + TIME_WINDOW_MILLIS, serverTime));
    }

    @Override
    public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
        long id = cursor.height();
        return aggTrades(stream, query -> query.addQueryParameter("fromId", Long.toString(id)), body -> {
            List<Trade> trades = parseTrades(body, stream, 1);
            return trades.isEmpty() || trades.get(0).cursor().height() != id
                    ? Optional.empty()
                    : Optional.of(trades.get(0));
        });
    }

    @Override
    public CompletableFuture<Optional<Trade>> oldestServedTrade(StreamId stream) {
        return aggTrades(stream, query -> query.addQueryParameter("fromId", "0"), body -> {
            List<Trade> trades = parseTrades(body, stream, 1);
            return trades.isEmpty() ? Optional.empty() : Optional.of(trades.get(0));
        });
    }

    @Override
    public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
        return aggTrades(stream, query -> {}, body -> {
            List<Trade> trades = parseTrades(body, stream, 1);
            return trades.isEmpty() ? Optional.empty() : Optional.of(trades.get(trades.size() - 1));
        });
    }

    @Override
    public CompletableFuture<Long> serverTime() {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/time").build();
        return paced(null, url, TIME_WEIGHT, body -> {
            JsonNode root = BinanceAggTrades.readTree(body, "expected {\"serverTime\": <epoch ms>}");
            return BinanceAggTrades.longField(root, "serverTime", "server time", body);
        });
    }

    /** The weight this client counts as used in the current window (own, plus everybody else's as reported). */
    public long usedWeight() {
        return pacer.usedWeight();
    }

    /** The per-minute request weight limit in use (from exchangeInfo once it was read). */
    public int weightLimit() {
        return pacer.limit();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        HistoryException closedError = new HistoryException("Binance history client was closed");
        for (Exchange<?> exchange : pending) {
            exchange.result.completeExceptionally(closedError);
        }
        pending.clear();
    }

    // ------------------------------------------------------------------------------------------ paging

    /** One run of pages: sequential from {@code fromId} until every id below {@code endId} is in hand. */
    private CompletableFuture<List<Trade>> fetchSegment(StreamId stream, long fromId, long endId) {
        CompletableFuture<List<Trade>> result = new CompletableFuture<>();
        List<Trade> collected = new ArrayList<>((int) Math.min(endId - fromId, BinanceFeed.MAX_PAGE_IDS));
        nextPage(stream, fromId, endId, collected, result);
        return result;
    }

    private void nextPage(StreamId stream, long nextId, long endId, List<Trade> collected,
            CompletableFuture<List<Trade>> result) {
        fetchPage(stream, nextId, endId).whenComplete((page, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
                return;
            }
            collected.addAll(page);
            long last = page.get(page.size() - 1).cursor().height();
            if (last + 1 >= endId) {
                result.complete(Collections.unmodifiableList(collected));
            } else {
                nextPage(stream, last + 1, endId, collected, result);
            }
        });
    }

    /** One checked page: starts exactly at {@code fromId}, contiguous, nothing at or past {@code endId}, not empty. */
    private CompletableFuture<List<Trade>> fetchPage(StreamId stream, long fromId, long endId) {
        int limit = (int) Math.min(BinanceFeed.MAX_PAGE_IDS, endId - fromId);
        return aggTrades(stream, query -> query
                        .addQueryParameter("fromId", Long.toString(fromId))
                        .addQueryParameter("limit", Integer.toString(limit)),
                body -> checkPage(parseTrades(body, stream, -1), fromId, endId, body));
    }

    static List<Trade> checkPage(List<Trade> page, long fromId, long endId, String body) throws RejectedPageException {
        if (page.isEmpty()) {
            throw new RejectedPageException("empty page while ids " + fromId + ".." + (endId - 1) + " are missing", body);
        }
        long expected = fromId;
        int keep = 0;
        for (Trade trade : page) {
            long id = trade.cursor().height();
            if (id >= endId && expected > fromId) {
                break; // ran past the range end: fine, the rest is dropped
            }
            if (id != expected) {
                throw new RejectedPageException(expected == fromId
                        ? "page starts at id " + id + ", requested fromId " + fromId
                        : "page skips ids: expected id " + expected + " after " + (expected - 1) + ", got " + id, body);
            }
            expected++;
            keep++;
        }
        return keep == page.size() ? page : List.copyOf(page.subList(0, keep));
    }

    /** Runs the pages of a long range, at most {@code pagesInFlight} at once, and joins them in id order. */
    private final class ParallelFetch {
        private final StreamId stream;
        private final long fromId;
        private final long endId;
        private final List<List<Trade>> parts;
        private final AtomicInteger nextPage = new AtomicInteger();
        private final AtomicInteger donePages = new AtomicInteger();
        private final CompletableFuture<List<Trade>> result = new CompletableFuture<>();

        ParallelFetch(StreamId stream, long fromId, long endId, int pages) {
            this.stream = stream;
            this.fromId = fromId;
            this.endId = endId;
            this.parts = new ArrayList<>(Collections.nCopies(pages, null));
        }

        CompletableFuture<List<Trade>> start() {
            for (int i = 0; i < Math.min(pagesInFlight, parts.size()); i++) {
                launchNext();
            }
            return result;
        }

        private void launchNext() {
            int page = nextPage.getAndIncrement();
            if (page >= parts.size() || result.isDone()) {
                return;
            }
            long start = fromId + (long) page * BinanceFeed.MAX_PAGE_IDS;
            long end = Math.min(endId, start + BinanceFeed.MAX_PAGE_IDS);
            fetchSegment(stream, start, end).whenComplete((trades, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                    return;
                }
                synchronized (parts) {
                    parts.set(page, trades);
                }
                if (donePages.incrementAndGet() == parts.size()) {
                    List<Trade> all = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, endId - fromId));
                    synchronized (parts) {
                        parts.forEach(all::addAll);
                    }
                    result.complete(Collections.unmodifiableList(all));
                } else {
                    launchNext();
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    private static List<Trade> parseTrades(String body, StreamId stream, int maxTrades) throws MalformedFrameException {
        JsonNode root = BinanceAggTrades.readTree(body, "expected a JSON array of aggregate trades");
        if (!root.isArray()) {
            throw new MalformedFrameException("expected a JSON array of aggregate trades, got " + root.getNodeType(),
                    body);
        }
        if (maxTrades >= 0 && root.size() > maxTrades) {
            throw new MalformedFrameException("expected at most " + maxTrades + " aggregate trades, got " + root.size(),
                    body);
        }
        List<Trade> trades = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            JsonNode symbol = node.get("s");
            if (symbol != null && !stream.symbol().equals(symbol.asText())) {
                throw new MalformedFrameException("expected trades of symbol " + stream.symbol() + ", got "
                        + symbol.asText(), body);
            }
            trades.add(BinanceAggTrades.toTrade(node, stream, body));
        }
        return trades;
    }

    private static Optional<Trade> firstInWindow(String body, StreamId stream, long startTime, long endTime)
            throws MalformedFrameException {
        List<Trade> trades = parseTrades(body, stream, 1);
        if (trades.isEmpty()) {
            return Optional.empty();
        }
        Trade first = trades.get(0);
        if (first.time() < startTime || first.time() > endTime) {
            throw new MalformedFrameException("expected a trade at time " + startTime + ".." + endTime + ", got time "
                    + first.time(), body);
        }
        return Optional.of(first);
    }

    /** A REQUEST_WEIGHT limit per window; a window of 0 means exchangeInfo stated none we can read. */
    record WeightLimit(int limit, long windowMillis) {}

    /**
     * The REQUEST_WEIGHT limit: the per-minute one if exchangeInfo states it (Binance does), else the first one with a
     * readable window ({@code interval} SECOND/MINUTE/HOUR/DAY × {@code intervalNum}).
     */
    static WeightLimit parseWeightLimit(String body) throws MalformedFrameException {
        JsonNode root = BinanceAggTrades.readTree(body, "expected the exchangeInfo object");
        WeightLimit found = null;
        for (JsonNode limit : root.path("rateLimits")) {
            if (!"REQUEST_WEIGHT".equals(limit.path("rateLimitType").asText())) {
                continue;
            }
            long unit = switch (limit.path("interval").asText()) {
                case "SECOND" -> 1_000L;
                case "MINUTE" -> 60_000L;
                case "HOUR" -> 3_600_000L;
                case "DAY" -> 86_400_000L;
                default -> 0L;
            };
            long value = BinanceAggTrades.longField(limit, "limit", "REQUEST_WEIGHT limit", body);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new MalformedFrameException("expected a positive REQUEST_WEIGHT limit, got " + value, body);
            }
            WeightLimit candidate = new WeightLimit((int) value, unit * Math.max(1, limit.path("intervalNum").asInt(1)));
            if (candidate.windowMillis() == 60_000L) {
                return candidate;
            }
            if (found == null && candidate.windowMillis() > 0) {
                found = candidate;
            }
        }
        if (found != null) {
            return found;
        }
        LOG.info("exchangeInfo states no REQUEST_WEIGHT limit; assuming {} per minute", DEFAULT_WEIGHT_LIMIT);
        return new WeightLimit(DEFAULT_WEIGHT_LIMIT, 0);
    }

    // ------------------------------------------------------------------------------------------ requests

    private interface QueryBuilder {
        void add(HttpUrl.Builder query);
    }

    /** Parses a 200 answer; a {@link MalformedFrameException} or {@link RejectedPageException} rejects it (retried). */
    private interface BodyParser<T> {
        T parse(String body) throws Exception;
    }

    /** A page or answer that failed its checks; the request is sent again. */
    static final class RejectedPageException extends Exception {
        RejectedPageException(String reason, String body) {
            super(reason + "; got: " + MalformedExcerpt.of(body));
        }
    }

    /** Excerpts of bodies for messages, as short as {@link MalformedFrameException}'s. */
    private static final class MalformedExcerpt {
        static String of(String body) {
            return MalformedFrameException.excerpt(body);
        }
    }

    private <T> CompletableFuture<T> aggTrades(StreamId stream, QueryBuilder query, BodyParser<T> parser) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("api/v3/aggTrades")
                .addQueryParameter("symbol", stream.symbol());
        query.add(url);
        if (url.build().queryParameter("limit") == null) {
            url.addQueryParameter("limit", "1");
        }
        HttpUrl built = url.build();
        return ensureWeightLimit(stream).thenCompose(ignored -> paced(stream, built, AGG_TRADES_WEIGHT, parser));
    }

    /** Reads the weight limit from exchangeInfo once; on failure keeps the default and says so. */
    private CompletableFuture<Void> ensureWeightLimit(StreamId stream) {
        CompletableFuture<Void> loaded = limitLoaded.get();
        if (loaded != null) {
            return loaded;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!limitLoaded.compareAndSet(null, mine)) {
            return limitLoaded.get();
        }
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/exchangeInfo")
                .addQueryParameter("symbol", stream.symbol()).build();
        paced(stream, url, EXCHANGE_INFO_WEIGHT, BinanceHistoryClient::parseWeightLimit).whenComplete((limit, error) -> {
            if (error != null) {
                LOG.warn("could not read the request weight limit from {}; pacing against the default {}", url,
                        DEFAULT_WEIGHT_LIMIT, unwrap(error));
            } else {
                pacer.setLimit(limit.limit());
                if (windowFromExchange && limit.windowMillis() > 0) {
                    pacer.setWindowMillis(limit.windowMillis());
                }
                LOG.info("Binance request weight limit {} per {} ms; this client uses up to {} per window with at most"
                        + " {} in flight", limit.limit(), pacer.windowMillis(), pacer.allowedWeight(),
                        pacer.inFlightCap());
            }
            mine.complete(null);
        });
        return mine;
    }

    private <T> CompletableFuture<T> paced(StreamId stream, HttpUrl url, int weight, BodyParser<T> parser) {
        Exchange<T> exchange = new Exchange<>(stream, url, weight, parser);
        exchange.acquire();
        return exchange.result;
    }

    /**
     * One logical request and its attempts. Attempts never overlap, so the counters are touched by one thread at a
     * time (hand-over through the scheduler and OkHttp's dispatcher gives the happens-before edges).
     */
    private final class Exchange<T> {
        final StreamId stream;
        final HttpUrl url;
        final int weight;
        final BodyParser<T> parser;
        final CompletableFuture<T> result = new CompletableFuture<>();
        int failedAttempts;
        int rateLimitedWaits;

        Exchange(StreamId stream, HttpUrl url, int weight, BodyParser<T> parser) {
            this.stream = stream;
            this.url = url;
            this.weight = weight;
            this.parser = parser;
            pending.add(this);
            result.whenComplete((value, error) -> pending.remove(this));
        }

        void acquire() {
            if (closed.get()) {
                result.completeExceptionally(new HistoryException("Binance history client was closed; GET " + url));
                return;
            }
            WeightPacer.Permit permit = pacer.tryAcquire(weight, () -> schedule(this::acquire, 0));
            if (permit.granted()) {
                send(permit);
            } else if (!permit.waitsForRelease()) {
                schedule(this::acquire, permit.delayMillis());
            }
        }

        void send(WeightPacer.Permit permit) {
            listener.requestStarted(stream);
            Request request = new Request.Builder().url(url).get().build();
            http.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    listener.requestFinished(stream);
                    release(permit, -1);
                    String reason = e instanceof InterruptedIOException
                            ? "timeout after " + settings.requestTimeout().toMillis() + " ms"
                            : "I/O error: " + e;
                    guarded(() -> retryLater(reason, e));
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        guarded(() -> handle(permit, response));
                    } finally {
                        listener.requestFinished(stream);
                    }
                }
            });
        }

        private void handle(WeightPacer.Permit permit, Response response) {
            release(permit, usedWeight(response));
            String body;
            try {
                ResponseBody responseBody = response.body();
                body = responseBody == null ? "" : responseBody.string();
            } catch (IOException e) {
                retryLater("I/O error reading the answer: " + e, e);
                return;
            }
            int code = response.code();
            if (code == 200) {
                T value;
                try {
                    value = parser.parse(body);
                } catch (Exception e) {
                    listener.pageRejected(stream, e.getMessage());
                    retryLater("rejected answer: " + e.getMessage(), e);
                    return;
                }
                result.complete(value);
            } else if (code == 429 || code == 418) {
                rateLimited(code, response, body);
            } else if (code >= 500) {
                retryLater("HTTP " + code + " " + binanceError(body),
                        new IOException("HTTP " + code + " " + binanceError(body)));
            } else {
                result.completeExceptionally(new HistoryException("GET " + url + " failed with HTTP " + code + " "
                        + binanceError(body) + " (not retried: the request itself is wrong)"));
            }
        }

        private void release(WeightPacer.Permit permit, int reportedUsedWeight) {
            for (Runnable waiter : pacer.release(permit, weight, reportedUsedWeight)) {
                waiter.run();
            }
        }

        private void rateLimited(int code, Response response, String body) {
            long retryAfter = retryAfterMillis(response);
            long wait = retryAfter + ThreadLocalRandom.current().nextLong(RETRY_AFTER_JITTER_MILLIS + 1);
            if (code == 418) {
                LOG.error("Binance answered 418 for GET {}: this IP is banned for {} ms after ignoring 429s; {}", url,
                        retryAfter, binanceError(body));
            } else {
                LOG.warn("Binance answered 429 for GET {}; waiting {} ms as Retry-After asks", url, wait);
            }
            listener.rateLimited(stream, code, Duration.ofMillis(retryAfter));
            pacer.pause(wait);
            rateLimitedWaits++;
            if (rateLimitedWaits > MAX_RATE_LIMITED_WAITS) {
                result.completeExceptionally(new HistoryException("GET " + url + " was rate limited (HTTP " + code
                        + ") " + rateLimitedWaits + " times in a row; giving up"));
                return;
            }
            listener.retried(stream, "HTTP " + code);
            acquire(); // the pacer holds it until the pause is over
        }

        private void retryLater(String reason, Throwable cause) {
            failedAttempts++;
            if (failedAttempts >= settings.maxAttempts()) {
                result.completeExceptionally(new HistoryException("GET " + url + " failed after " + failedAttempts
                        + " attempts; last cause: " + reason, cause));
                return;
            }
            listener.retried(stream, reason);
            long delay = backoffMillis(failedAttempts);
            LOG.debug("GET {} attempt {} failed ({}); retrying in {} ms", url, failedAttempts, reason, delay);
            schedule(this::acquire, delay);
        }

        private void schedule(Runnable task, long delayMillis) {
            try {
                if (delayMillis <= 0) {
                    scheduler.execute(() -> guarded(task));
                } else {
                    scheduler.schedule(() -> guarded(task), delayMillis, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new HistoryException("Binance history client was closed; GET " + url, e));
            }
        }

        /** Whatever goes wrong in a callback completes the result: every future completes. */
        private void guarded(Runnable task) {
            try {
                task.run();
            } catch (Throwable t) {
                result.completeExceptionally(new HistoryException("GET " + url + " failed unexpectedly: " + t, t));
            }
        }
    }

    /** Full jitter: uniform in [0, min(maxBackoff, initialBackoff × 2^(attempt-1))]. */
    long backoffMillis(int failedAttempts) {
        long initial = Math.max(1, settings.initialBackoff().toMillis());
        long cap = Math.max(initial, settings.maxBackoff().toMillis());
        int shift = Math.min(failedAttempts - 1, 30);
        long ceiling = Math.min(cap, initial << shift);
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static int usedWeight(Response response) {
        String header = response.header("X-MBX-USED-WEIGHT-1M");
        if (header == null) {
            return -1;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            LOG.warn("ignoring unreadable X-MBX-USED-WEIGHT-1M header '{}'", header);
            return -1;
        }
    }

    private static long retryAfterMillis(Response response) {
        String header = response.header("Retry-After");
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds >= 0) {
                    return TimeUnit.SECONDS.toMillis(seconds);
                }
            } catch (NumberFormatException e) {
                LOG.warn("unreadable Retry-After header '{}'; waiting {} ms", header, DEFAULT_RETRY_AFTER_MILLIS);
            }
        }
        return DEFAULT_RETRY_AFTER_MILLIS;
    }

    /** Binance's error body {@code {"code":-1121,"msg":"Invalid symbol."}} as text, or an excerpt of the body. */
    private static String binanceError(String body) {
        try {
            JsonNode root = BinanceAggTrades.JSON.readTree(body);
            if (root != null && root.has("code") && root.has("msg")) {
                return "(Binance code " + root.get("code").asText() + ": " + root.get("msg").asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Binance's error format: fall through to the excerpt
        }
        return "(body: " + MalformedExcerpt.of(body) + ")";
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }
}
