package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.ProbeSpend;
import io.candlestream.feed.StreamProbe;
import io.candlestream.history.AnswerParser;
import io.candlestream.history.HistoryRequest;
import io.candlestream.history.HostPauses;
import io.candlestream.history.HttpHistoryClient;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot history over REST ({@code /api/v3/aggTrades}, {@code /api/v3/time}, {@code /api/v3/exchangeInfo}) on
 * the generic {@link HttpHistoryClient}, which does the retries and 429/418 pauses; this class keeps Binance's part.
 *
 * <ul>
 *   <li>Every page is checked ({@link AggTradesPaging#checkPage}): it starts at the requested id, its ids are
 *       contiguous, ids at or past the range end are dropped, and an empty page while ids are missing is rejected
 *       (and requested again, never accepted). Pages of one range go {@code pagesInFlight} at a time.
 *   <li>Pacing: the {@code REQUEST_WEIGHT} limit and its window are read once from {@code exchangeInfo} (default
 *       {@value #DEFAULT_WEIGHT_LIMIT} per minute); {@link WeightPacer} keeps own and reported
 *       ({@code X-MBX-USED-WEIGHT-1M}) weight under {@code weightBudget × limit} per window.
 * </ul>
 *
 * <p>Thread-safe; nothing blocks. {@link #close()} fails whatever is still pending.
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
    public static final int DEFAULT_PAGES_IN_FLIGHT = BinanceHistoryOptions.DEFAULT_PAGES_IN_FLIGHT;

    /** Longest window {@code aggTrades} accepts between {@code startTime} and {@code endTime}: one hour, exclusive. */
    static final long TIME_WINDOW_MILLIS = Duration.ofHours(1).toMillis();

    private final HttpUrl baseUrl;
    private final WeightPacer pacer;
    private final boolean windowFromExchange;
    private final HttpHistoryClient http;
    private final AggTradesPaging paging;
    private final AtomicReference<CompletableFuture<Void>> limitLoaded = new AtomicReference<>();
    private final ProbeSpend probeSpend = new ProbeSpend();
    private final TickerProbes tickerProbes;

    /** A client whose rate-limit pauses are shared with every client of this JVM ({@link HostPauses#IN_THIS_JVM}). */
    public BinanceHistoryClient(HistorySettings settings, HistoryListener listener) {
        this(settings, listener, 1);
    }

    /**
     * A client that shares the exchange's weight budget with {@code sharers - 1} other clients on the same IP (the
     * parallel subtasks of the backfill operator): the weight each keeps in flight is divided accordingly (see
     * {@link WeightPacer}). Its rate-limit pauses are shared with every client of this JVM
     * ({@link HostPauses#IN_THIS_JVM}): a 429 to one holds back all, so none earns a 418 ban.
     */
    public BinanceHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        this(settings, listener, sharers, HostPauses.IN_THIS_JVM);
    }

    /**
     * As {@link #BinanceHistoryClient(HistorySettings, HistoryListener, int)}, with the rate-limit pauses shared
     * with every client given the same {@code pauses} (pass one per JVM: a 429 to one client then holds back all).
     */
    public BinanceHistoryClient(HistorySettings settings, HistoryListener listener, int sharers, HostPauses pauses) {
        this(settings, listener, BinanceHistoryOptions.defaults(), System::currentTimeMillis, sharers, pauses);
    }

    /** @param clock epoch milliseconds; weight windows are aligned to it */
    BinanceHistoryClient(HistorySettings settings, HistoryListener listener, BinanceHistoryOptions options,
            LongSupplier clock, int sharers, HostPauses pauses) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        HttpUrl parsed = HttpUrl.parse(settings.restUrl());
        if (parsed == null) {
            throw new IllegalArgumentException("restUrl must be an http(s) URL, was '" + settings.restUrl() + "'");
        }
        this.baseUrl = parsed;
        this.windowFromExchange = options.weightWindow() == null;
        Duration window = windowFromExchange ? DEFAULT_WEIGHT_WINDOW : options.weightWindow();
        this.pacer = new WeightPacer(window.toMillis(), options.weightBudget(), DEFAULT_WEIGHT_LIMIT, clock, sharers);
        // Every request the pacer admits must go out at once: a call parked in OkHttp's queue could leave after a
        // 429 told the client to wait, which Binance answers with a ban (418). The pacer's in-flight cap is lower.
        this.http = HttpHistoryClient.builder(settings, listener, pauses).pacer(pacer).answers(BinanceAnswers.INSTANCE)
                .maxConcurrentRequests(MAX_CONCURRENT_REQUESTS).threadName("binance-history-timer").build();
        this.paging = new AggTradesPaging(this::fetchPage, options.pagesInFlight());
        this.tickerProbes = new TickerProbes(new TickerProbes.Requests() {
            @Override
            public CompletableFuture<Long> serverTime() {
                return BinanceHistoryClient.this.serverTime();
            }

            @Override
            public CompletableFuture<java.util.Map<String, Long>> tickerLastIds(List<String> symbols) {
                return BinanceHistoryClient.this.tickerLastIds(symbols);
            }

            @Override
            public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
                return BinanceHistoryClient.this.latestTrade(stream);
            }
        }, probeSpend);
    }

    @Override
    public CompletableFuture<List<Trade>> fetch(Gap gap) {
        return fetchIds(gap.stream(), gap.after().height() + 1, gap.before().height());
    }

    /** Every trade with an aggregate id in {@code [fromId, endId)}, in id order, checked to be complete. */
    public CompletableFuture<List<Trade>> fetchIds(StreamId stream, long fromId, long endId) {
        return paging.fetch(Objects.requireNonNull(stream, "stream"), fromId, endId);
    }

    @Override
    public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
        // Binance documents startTime alone as allowed; whether the answer then spans only the first hour is not
        // specified, so an empty answer is followed by explicit windows of < 1 h up to the server's clock. That is
        // correct under either reading.
        return aggTrades(stream, query -> query.addQueryParameter("startTime", Long.toString(epochMillis)),
                body -> BinanceAnswers.firstInWindow(body, stream, epochMillis, Long.MAX_VALUE))
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
                body -> BinanceAnswers.firstInWindow(body, stream, windowStart, windowEnd))
                .thenCompose(first -> first.isPresent()
                        ? CompletableFuture.completedFuture(first)
                        : scanWindows(stream, windowStart + TIME_WINDOW_MILLIS, serverTime));
    }

    @Override
    public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
        long id = cursor.height();
        return aggTrades(stream, query -> query.addQueryParameter("fromId", Long.toString(id)), body -> {
            List<Trade> trades = BinanceAnswers.parseTrades(body, stream, 1);
            return trades.isEmpty() || trades.get(0).cursor().height() != id
                    ? Optional.empty()
                    : Optional.of(trades.get(0));
        });
    }

    @Override
    public CompletableFuture<Optional<Trade>> oldestServedTrade(StreamId stream) {
        return aggTrades(stream, query -> query.addQueryParameter("fromId", "0"), body -> {
            List<Trade> trades = BinanceAnswers.parseTrades(body, stream, 1);
            return trades.isEmpty() ? Optional.empty() : Optional.of(trades.get(0));
        });
    }

    @Override
    public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
        return aggTrades(stream, query -> {}, body -> {
            List<Trade> trades = BinanceAnswers.parseTrades(body, stream, 1);
            return trades.isEmpty() ? Optional.empty() : Optional.of(trades.get(trades.size() - 1));
        });
    }

    @Override
    public CompletableFuture<Long> serverTime() {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v3/time").build();
        return http.send(HistoryRequest.get(url, body -> {
            JsonNode root = BinanceAggTrades.readTree(body, "expected {\"serverTime\": <epoch ms>}");
            return BinanceAggTrades.longField(root, "serverTime", "server time", body);
        }).cost(TIME_WEIGHT).publicQuery().build());
    }

    /**
     * One probe round over all quiet streams at O(1) weight: the clock, one 24-hour ticker request as a change
     * detector, and a newest-trade look-up only for the streams that traded since the last round
     * ({@link TickerProbes}).
     */
    @Override
    public CompletableFuture<List<StreamProbe>> probeAll(List<StreamId> streams, Duration publicationDelay) {
        return tickerProbes.probeAll(streams, publicationDelay);
    }

    /** Rounds spaced so that probes use at most {@value TickerProbes#PROBE_SHARE} of the weight limit. */
    @Override
    public Duration probeRoundSpacing(int quietStreams) {
        return tickerProbes.spacing(quietStreams, pacer.limit(), pacer.windowMillis());
    }

    @Override
    public Optional<ProbeSpend> probeSpend() {
        return Optional.of(probeSpend);
    }

    /** {@code GET /api/v3/ticker/24hr} for {@code symbols} (or every symbol, when cheaper): each one's lastId. */
    CompletableFuture<java.util.Map<String, Long>> tickerLastIds(List<String> symbols) {
        HttpUrl url = BinanceTickers.url(baseUrl, symbols);
        StreamId any = new StreamId(BinanceFeed.NAME, symbols.get(0));
        return ensureWeightLimit(any).thenCompose(ignored -> http.send(HistoryRequest.get(url,
                BinanceTickers::lastIds).cost(BinanceTickers.weight(symbols.size())).publicQuery().build()));
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
        http.close();
    }

    /** One checked page: starts exactly at {@code fromId}, contiguous, nothing at or past {@code endId}, not empty. */
    private CompletableFuture<List<Trade>> fetchPage(StreamId stream, long fromId, long endId) {
        int limit = (int) Math.min(BinanceFeed.MAX_PAGE_IDS, endId - fromId);
        return aggTrades(stream, query -> query
                        .addQueryParameter("fromId", Long.toString(fromId))
                        .addQueryParameter("limit", Integer.toString(limit)),
                body -> AggTradesPaging.checkPage(BinanceAnswers.parseTrades(body, stream, -1), fromId, endId, body));
    }

    private <T> CompletableFuture<T> aggTrades(StreamId stream, Consumer<HttpUrl.Builder> query,
            AnswerParser<T> parser) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("api/v3/aggTrades")
                .addQueryParameter("symbol", stream.symbol());
        query.accept(url);
        if (url.build().queryParameter("limit") == null) {
            url.addQueryParameter("limit", "1");
        }
        HistoryRequest<T> request = HistoryRequest.get(url.build(), parser).stream(stream).cost(AGG_TRADES_WEIGHT)
                .publicQuery().build();
        return ensureWeightLimit(stream).thenCompose(ignored -> http.send(request));
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
        http.send(HistoryRequest.get(url, body -> BinanceAnswers.parseWeightLimit(body, DEFAULT_WEIGHT_LIMIT))
                .stream(stream).cost(EXCHANGE_INFO_WEIGHT).publicQuery().build()).whenComplete((limit, error) -> {
                    if (error != null) {
                        LOG.warn("could not read the request weight limit from {}; pacing against the default {}",
                                url, DEFAULT_WEIGHT_LIMIT, AggTradesPaging.unwrap(error));
                    } else {
                        pacer.setLimit(limit.limit());
                        if (limit.windowMillis() == 0) {
                            LOG.info("exchangeInfo states no REQUEST_WEIGHT limit; assuming {} per minute",
                                    DEFAULT_WEIGHT_LIMIT);
                        } else if (windowFromExchange) {
                            pacer.setWindowMillis(limit.windowMillis());
                        }
                        LOG.info("Binance request weight limit {} per {} ms; this client uses up to {} per window with"
                                + " at most {} in flight", limit.limit(), pacer.windowMillis(), pacer.allowedWeight(),
                                pacer.inFlightCap());
                    }
                    mine.complete(null);
                });
        return mine;
    }
}
