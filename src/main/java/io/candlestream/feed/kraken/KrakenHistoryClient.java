package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.feed.ProbeRound;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;

/**
 * Kraken spot history over REST on the generic {@link HttpHistoryClient} ({@code /0/public/Trades}, {@code /Time},
 * {@code /AssetPairs}); the generic client retries, and pauses the host on Kraken's rate-limit answers
 * ({@link KrakenAnswers}); this class keeps Kraken's part.
 *
 * <ul>
 *   <li>The pair's REST name is resolved once per symbol through {@code AssetPairs} ({@link KrakenPairs}).
 *   <li>{@code Trades} pages by <b>time</b> ({@code since}, nanoseconds; the answer's {@code last} is the next page's
 *       {@code since}), not by id, so a gap of ids is loaded by {@link TimePagedTrades}: it finds a time at or before
 *       the gap's first id and pages forward from there, keeping exactly the gap's ids, every page checked as
 *       Binance's are (contiguous ids, exactly the range; a page that skips an id is asked for again).
 *   <li>Pacing: {@link KrakenPacer} keeps Kraken's call counter below its maximum.
 * </ul>
 *
 * <p>Thread-safe; nothing blocks. {@link #close()} fails whatever is still pending.
 */
public final class KrakenHistoryClient implements HistoryClient {

    /** Trades one {@code Trades} request returns at most ({@code count} max). */
    public static final int PAGE_TRADES = 1000;

    /**
     * Share of Kraken's sustained call rate the quiet-stream probes keep to. Kraken has no batch endpoint for each
     * pair's newest trade, so a probe round costs one {@code Time} call plus one {@code Trades} call per quiet pair;
     * the rounds are spaced so that they use at most a quarter of the calls, and backfills keep the other three.
     */
    public static final double PROBE_SHARE = 0.25;

    private final HttpUrl baseUrl;
    private final HttpHistoryClient http;
    private final KrakenPacer pacer;
    private final KrakenHistoryOptions options;
    private final ConcurrentMap<String, CompletableFuture<KrakenPairs.RestPair>> pairs = new ConcurrentHashMap<>();
    private final TimePagedTrades paging;
    private final ProbeSpend probeSpend = new ProbeSpend();

    /**
     * A client with Kraken's limits whose pacing and rate-limit pauses are shared by every client of this JVM that
     * talks to the same host (the enumerator's, the source readers' and the backfill's share one IP).
     */
    public KrakenHistoryClient(HistorySettings settings, HistoryListener listener) {
        this(settings, listener, 1);
    }

    /** As the two-argument constructor, sharing Kraken's per-IP budget with {@code sharers - 1} other JVMs' clients. */
    public KrakenHistoryClient(HistorySettings settings, HistoryListener listener, int sharers) {
        this(settings, listener, KrakenHistoryOptions.defaults(), KrakenPacer.inThisJvm(hostKey(settings),
                KrakenHistoryOptions.defaults(), sharers), HostPauses.IN_THIS_JVM);
    }

    /** A client with its own limits, pacer and pauses (tests, tools). */
    public KrakenHistoryClient(HistorySettings settings, HistoryListener listener, KrakenHistoryOptions options,
            int sharers, HostPauses pauses, LongSupplier clock) {
        this(settings, listener, options, new KrakenPacer(options, sharers, clock), pauses);
    }

    private KrakenHistoryClient(HistorySettings settings, HistoryListener listener, KrakenHistoryOptions options,
            KrakenPacer pacer, HostPauses pauses) {
        Objects.requireNonNull(settings, "settings");
        this.options = Objects.requireNonNull(options, "options");
        HttpUrl parsed = HttpUrl.parse(settings.restUrl());
        if (parsed == null) {
            throw new IllegalArgumentException("--rest-url must be an http(s) URL, was '" + settings.restUrl() + "'");
        }
        this.baseUrl = parsed;
        this.pacer = pacer;
        this.http = HttpHistoryClient.builder(settings, listener, pauses).pacer(pacer)
                .answers(KrakenAnswers.INSTANCE).defaultRetryAfter(options.rateLimitWait())
                .threadName("kraken-history-timer").build();
        this.paging = new TimePagedTrades(this);
    }

    private static String hostKey(HistorySettings settings) {
        HttpUrl url = HttpUrl.parse(settings.restUrl());
        if (url == null) {
            throw new IllegalArgumentException("--rest-url must be an http(s) URL, was '" + settings.restUrl() + "'");
        }
        return url.host() + ":" + url.port();
    }

    @Override
    public CompletableFuture<List<Trade>> fetch(Gap gap) {
        return fetchIds(gap.stream(), gap.after().height() + 1, gap.before().height());
    }

    /** Every trade with an id in {@code [fromId, endId)}, in id order, checked to be complete. */
    public CompletableFuture<List<Trade>> fetchIds(StreamId stream, long fromId, long endId) {
        return paging.fetch(Objects.requireNonNull(stream, "stream"), fromId, endId);
    }

    @Override
    public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
        return paging.firstAtOrAfter(stream, epochMillis);
    }

    /**
     * The trade with this id: empty if it is newer than Kraken's newest or older than the oldest it serves (both
     * looked up first, so an id outside what Kraken has costs no search), else loaded as a one-id range.
     */
    @Override
    public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
        long id = cursor.height();
        return latestTrade(stream).thenCompose(latest -> {
            if (latest.isEmpty() || latest.get().cursor().height() < id || id < 0) {
                return CompletableFuture.completedFuture(Optional.<Trade>empty());
            }
            if (latest.get().cursor().height() == id) {
                return CompletableFuture.completedFuture(latest);
            }
            return oldestServedTrade(stream).thenCompose(oldest -> {
                if (oldest.isEmpty() || oldest.get().cursor().height() > id) {
                    return CompletableFuture.completedFuture(Optional.<Trade>empty());
                }
                if (oldest.get().cursor().height() == id) {
                    return CompletableFuture.completedFuture(oldest);
                }
                return fetchIds(stream, id, id + 1).thenApply(trades -> Optional.of(trades.get(0)));
            });
        });
    }

    @Override
    public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
        return tradesPage(stream, -1, 1).thenApply(page -> page.trades().isEmpty()
                ? Optional.empty() : Optional.of(page.trades().get(page.trades().size() - 1).trade()));
    }

    @Override
    public CompletableFuture<Optional<Trade>> oldestServedTrade(StreamId stream) {
        return tradesPage(stream, 0, 1).thenApply(page -> page.trades().isEmpty()
                ? Optional.empty() : Optional.of(page.trades().get(0).trade()));
    }

    /** Kraken's clock: {@code GET /0/public/Time}, {@code unixtime} in whole seconds (so never ahead of it). */
    @Override
    public CompletableFuture<Long> serverTime() {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("0/public/Time").build();
        return http.send(HistoryRequest.get(url, body -> {
            JsonNode result = KrakenAnswers.result(body, "the Time answer");
            return KrakenJson.integer(result.get("unixtime"), "\"unixtime\" (epoch seconds)", body) * 1000;
        }).publicQuery().build());
    }

    /**
     * One probe round: Kraken's clock once for all streams (read before any newest trade, so the safe time holds for
     * each), then each stream's newest trade: 1 + n calls.
     */
    @Override
    public CompletableFuture<List<StreamProbe>> probeAll(List<StreamId> streams, Duration publicationDelay) {
        if (streams.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        probeSpend.request(1);
        return serverTime().thenCompose(serverTime -> {
            long safeTime = StreamProbe.safeTimeAfterClock(serverTime, publicationDelay);
            List<CompletableFuture<StreamProbe>> each = new ArrayList<>(streams.size());
            for (StreamId stream : streams) {
                probeSpend.request(1);
                each.add(latestTrade(stream).thenApply(latest ->
                        new StreamProbe(stream, safeTime, latest.orElse(null), null)));
            }
            return ProbeRound.answered(each);
        });
    }

    /** Rounds of {@code 1 + quietStreams} calls spaced to use {@value #PROBE_SHARE} of the sustained rate. */
    @Override
    public Duration probeRoundSpacing(int quietStreams) {
        double calls = 1 + quietStreams;
        return Duration.ofMillis((long) Math.ceil(calls * 1000.0 / (PROBE_SHARE * options.requestsPerSecond())));
    }

    @Override
    public Optional<ProbeSpend> probeSpend() {
        return Optional.of(probeSpend);
    }

    /** The pacer's call counter now. */
    public double callCounter() {
        return pacer.counter();
    }

    /** The limits in use. */
    public KrakenHistoryOptions options() {
        return options;
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * One {@code Trades} page of {@code count} trades from {@code sinceNanos} (negative: the newest trades, without
     * {@code since}); the answer is only parsed here, {@link TimePagedTrades} checks it.
     */
    CompletableFuture<KrakenTrades.Page> tradesPage(StreamId stream, long sinceNanos, int count) {
        return tradesPage(stream, sinceNanos, count, (page, body) -> page);
    }

    /** As {@link #tradesPage(StreamId, long, int)}, with {@code check} run inside the parser: throwing rejects it. */
    <T> CompletableFuture<T> tradesPage(StreamId stream, long sinceNanos, int count, PageCheck<T> check) {
        return pair(stream).thenCompose(pair -> {
            HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("0/public/Trades")
                    .addQueryParameter("pair", pair.altname());
            if (sinceNanos >= 0) {
                url.addQueryParameter("since", Long.toString(sinceNanos));
            }
            url.addQueryParameter("count", Integer.toString(count));
            AnswerParser<T> parser = body -> check.check(KrakenTrades.page(body, stream, pair), body);
            return http.send(HistoryRequest.get(url.build(), parser).stream(stream).publicQuery().build());
        });
    }

    /** Checks a parsed page inside the parser, so a rejection is retried by the generic client. */
    @FunctionalInterface
    interface PageCheck<T> {
        T check(KrakenTrades.Page page, String body) throws Exception;
    }

    private CompletableFuture<KrakenPairs.RestPair> pair(StreamId stream) {
        CompletableFuture<KrakenPairs.RestPair> known = pairs.get(stream.symbol());
        if (known != null) {
            return known;
        }
        CompletableFuture<KrakenPairs.RestPair> mine = new CompletableFuture<>();
        CompletableFuture<KrakenPairs.RestPair> raced = pairs.putIfAbsent(stream.symbol(), mine);
        if (raced != null) {
            return raced;
        }
        HttpUrl url = baseUrl.newBuilder().addPathSegments("0/public/AssetPairs").build();
        http.send(HistoryRequest.get(url, body -> KrakenPairs.resolve(body, stream.symbol())).stream(stream)
                .publicQuery().build()).whenComplete((pair, error) -> {
                    if (error != null) {
                        pairs.remove(stream.symbol(), mine); // the next request asks again
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        mine.completeExceptionally(cause instanceof HistoryException ? cause
                                : new HistoryException("[" + stream + "] cannot resolve the pair through AssetPairs: "
                                        + cause.getMessage(), cause));
                    } else {
                        mine.complete(pair);
                    }
                });
        return mine;
    }
}
