package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.history.HostPauses;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinanceHistoryClientTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final String AGG_TRADES = "/api/v3/aggTrades";

    private final FakeBinanceExchange exchange = new FakeBinanceExchange("XRPETH", 1, 20_000);
    private final RecordingListener listener = new RecordingListener();
    private MockWebServer server;
    private BinanceHistoryClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(exchange);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.shutdown();
    }

    private BinanceHistoryClient client(Duration requestTimeout, int maxAttempts) {
        client = new BinanceHistoryClient(new HistorySettings(server.url("/").toString(), requestTimeout, maxAttempts,
                Duration.ofMillis(5), Duration.ofMillis(40)), listener, BinanceHistoryOptions.defaults().withWeightBudget(0.9),
                System::currentTimeMillis, 1, new HostPauses());
        return client;
    }

    private BinanceHistoryClient client() {
        return client(Duration.ofSeconds(10), 5);
    }

    private static Gap gap(long after, long before) {
        return new Gap(XRPETH, Cursor.ofId(after), Cursor.ofId(before));
    }

    private static List<Trade> trades(long fromId, long toIdInclusive) {
        return LongStream.rangeClosed(fromId, toIdInclusive).mapToObj(id -> FakeBinanceExchange.trade(XRPETH, id))
                .toList();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    @Test
    void fetchesMultiPageGapExactly() throws Exception {
        List<Trade> fetched = await(client().fetch(gap(100, 2651)));

        assertThat(fetched).containsExactlyElementsOf(trades(101, 2650));
        assertThat(exchange.served(AGG_TRADES)).extracting(s -> s.param("fromId") + "/" + s.param("limit"))
                .containsExactlyInAnyOrder("101/1000", "1101/1000", "2101/550");
        assertThat(exchange.served(AGG_TRADES)).allSatisfy(s -> assertThat(s.param("symbol")).isEqualTo("XRPETH"));
        assertThat(listener.started.get()).isEqualTo(listener.finished.get());
    }

    @Test
    void pageRunningPastTheGapEndIsCutAtTheEnd() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setBody(FakeBinanceExchange.page(
                LongStream.rangeClosed(11, 30).boxed().toList())));

        assertThat(await(client().fetch(gap(10, 16)))).containsExactlyElementsOf(trades(11, 15));
        assertThat(listener.pagesRejected.get()).isZero();
    }

    @Test
    void gapWithoutIdsNeedsNoRequest() throws Exception {
        assertThat(await(client().fetch(gap(10, 11)))).isEmpty();
        assertThat(exchange.served(AGG_TRADES)).isEmpty();
    }

    @Test
    void readsWeightLimitFromExchangeInfoOnce() throws Exception {
        exchange.limitWeight(1200, 60_000);
        BinanceHistoryClient client = client();
        await(client.fetch(gap(10, 20)));
        await(client.fetch(gap(20, 30)));

        assertThat(client.weightLimit()).isEqualTo(1200);
        assertThat(exchange.served("/api/v3/exchangeInfo")).hasSize(1);
    }

    @Test
    void honoursRetryAfterOf429ThenSucceeds() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                .setBody("{\"code\":-1003,\"msg\":\"Too much request weight used.\"}"));

        assertThat(await(client().fetch(gap(100, 201)))).containsExactlyElementsOf(trades(101, 200));

        List<FakeBinanceExchange.Served> pages = exchange.served(AGG_TRADES);
        assertThat(pages).extracting(FakeBinanceExchange.Served::status).containsExactly(429, 200);
        assertThat(pages.get(1).arrivedNanos() - pages.get(0).arrivedNanos())
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(listener.rateLimited).containsExactly("429 PT1S");
    }

    @Test
    void waitsOutA418BanThenSucceeds() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(418).setHeader("Retry-After", "1")
                .setBody("{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned.\"}"));

        assertThat(await(client().fetch(gap(100, 201)))).containsExactlyElementsOf(trades(101, 200));

        List<FakeBinanceExchange.Served> pages = exchange.served(AGG_TRADES);
        assertThat(pages).extracting(FakeBinanceExchange.Served::status).containsExactly(418, 200);
        assertThat(pages.get(1).arrivedNanos() - pages.get(0).arrivedNanos())
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(listener.rateLimited).containsExactly("418 PT1S");
    }

    @Test
    void a429ToOneClientHoldsBackAnotherClientGivenTheSamePauses() throws Exception {
        HostPauses shared = new HostPauses();
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
        BinanceHistoryClient first = new BinanceHistoryClient(HistorySettings.defaults(server.url("/").toString()),
                listener, 2, shared);
        RecordingListener secondListener = new RecordingListener();
        try (BinanceHistoryClient second = new BinanceHistoryClient(
                HistorySettings.defaults(server.url("/").toString()), secondListener, 2, shared)) {
            CompletableFuture<List<Trade>> fromFirst = first.fetch(gap(100, 201));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (listener.rateLimited.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long rateLimitedAt = exchange.served(AGG_TRADES).get(0).arrivedNanos();

            assertThat(await(second.fetch(gap(300, 401)))).containsExactlyElementsOf(trades(301, 400));
            assertThat(await(fromFirst)).containsExactlyElementsOf(trades(101, 200));

            assertThat(exchange.served(AGG_TRADES)).filteredOn(s -> "301".equals(s.param("fromId"))).singleElement()
                    .satisfies(s -> assertThat(s.arrivedNanos() - rateLimitedAt)
                            .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1)));
            assertThat(secondListener.rateLimited).isEmpty();
        } finally {
            first.close();
        }
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(500))
                .thenAggTrades(request -> new MockResponse().setResponseCode(503).setBody("Service Unavailable"));

        assertThat(await(client().fetch(gap(100, 201)))).containsExactlyElementsOf(trades(101, 200));

        assertThat(exchange.served(AGG_TRADES)).extracting(FakeBinanceExchange.Served::status)
                .containsExactly(500, 503, 200);
        assertThat(listener.retries).hasSize(2).anySatisfy(r -> assertThat(r).contains("HTTP 503"));
    }

    @Test
    void retriesResponseSlowerThanRequestTimeout() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setHeadersDelay(5, TimeUnit.SECONDS)
                .setBody(FakeBinanceExchange.page(exchange.idsFor(request))));

        assertThat(await(client(Duration.ofMillis(300), 5).fetch(gap(100, 201))))
                .containsExactlyElementsOf(trades(101, 200));

        assertThat(exchange.served(AGG_TRADES)).hasSize(2);
        assertThat(listener.retries).singleElement().satisfies(r -> assertThat(r).contains("timeout"));
    }

    @Test
    void rejectsPageThatSkipsAnIdAndRequestsItAgain() throws Exception {
        exchange.thenAggTrades(request -> {
            List<Long> ids = new ArrayList<>(exchange.idsFor(request));
            ids.remove(Long.valueOf(150));
            return new MockResponse().setBody(FakeBinanceExchange.page(ids));
        });

        assertThat(await(client().fetch(gap(100, 201)))).containsExactlyElementsOf(trades(101, 200));

        assertThat(exchange.served(AGG_TRADES)).extracting(s -> s.param("fromId")).containsExactly("101", "101");
        assertThat(listener.pagesRejected.get()).isEqualTo(1);
        assertThat(listener.rejections).singleElement().satisfies(r -> assertThat(r).contains("expected id 150"));
    }

    @Test
    void rejectsPageStartingAtWrongIdAndEmptyPage() throws Exception {
        exchange.thenAggTrades(request -> new MockResponse().setBody(FakeBinanceExchange.page(List.of(102L, 103L))))
                .thenAggTrades(request -> new MockResponse().setBody("[]"))
                .thenAggTrades(request -> new MockResponse().setBody("[{\"a\":101,\"p\":\"0.1\"}]"));

        assertThat(await(client().fetch(gap(100, 201)))).containsExactlyElementsOf(trades(101, 200));

        assertThat(listener.pagesRejected.get()).isEqualTo(3);
        assertThat(listener.rejections).satisfiesExactly(
                r -> assertThat(r).contains("starts at id 102, requested fromId 101"),
                r -> assertThat(r).contains("empty page while ids 101..200 are missing"),
                r -> assertThat(r).contains("\"q\""));
    }

    @Test
    void exhaustedRetriesFailWithUrlAttemptsAndLastCause() {
        exchange.alwaysAggTrades(request -> new MockResponse().setResponseCode(502).setBody("Bad Gateway"));

        assertThatThrownBy(() -> await(client(Duration.ofSeconds(10), 3).fetch(gap(100, 201))))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining(server.url("/api/v3/aggTrades").toString())
                .hasMessageContaining("fromId=101")
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("HTTP 502");
        assertThat(exchange.served(AGG_TRADES)).hasSize(3);
    }

    @Test
    void badRequestFailsAtOnceWithBinanceCodeAndMessage() {
        exchange.thenAggTrades(request -> new MockResponse().setResponseCode(400)
                .setBody("{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'fromId'.\"}"));

        assertThatThrownBy(() -> await(client().fetch(gap(100, 201))))
                .cause()
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("-1100")
                .hasMessageContaining("Illegal characters found");
        assertThat(exchange.served(AGG_TRADES)).hasSize(1);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void pacesByUsedWeightIntoTheNextWindowWithoutA429() throws Exception {
        long windowMillis = 400;
        exchange.limitWeight(80, windowMillis);
        client = new BinanceHistoryClient(new HistorySettings(server.url("/").toString(), Duration.ofSeconds(10), 5,
                Duration.ofMillis(5), Duration.ofMillis(40)), listener,
                new BinanceHistoryOptions(0.5, Duration.ofMillis(windowMillis), 4), System::currentTimeMillis, 1,
                new HostPauses());

        // 12 pages of weight 4 plus exchangeInfo (20): far more than the 40 a window allows this client.
        List<Trade> fetched = await(client.fetch(gap(0, 12_001)));

        assertThat(fetched).containsExactlyElementsOf(trades(1, 12_000));
        assertThat(exchange.served()).extracting(FakeBinanceExchange.Served::status).doesNotContain(429);
        assertThat(exchange.windowsUsed()).isGreaterThanOrEqualTo(2);
        assertThat(exchange.maxWeightInAnyWindow()).isLessThanOrEqualTo(80);
        assertThat(listener.rateLimited).isEmpty();
    }

    @Test
    void findsFirstTradeAtOrAfterTime() throws Exception {
        long time = FakeBinanceExchange.time(500) - 100;

        Optional<Trade> first = await(client().firstTradeAtOrAfter(XRPETH, time));

        assertThat(first).contains(FakeBinanceExchange.trade(XRPETH, 500));
        assertThat(exchange.served(AGG_TRADES).get(0).param("startTime")).isEqualTo(Long.toString(time));
        assertThat(exchange.served(AGG_TRADES).get(0).param("limit")).isEqualTo("1");
    }

    @Test
    void firstTradeAfterTheLastOneIsEmpty() throws Exception {
        Optional<Trade> first = await(client().firstTradeAtOrAfter(XRPETH, FakeBinanceExchange.time(20_000) + 1));

        assertThat(first).isEmpty();
    }

    @Test
    void readsTradeAtIdLatestTradeAndServerTime() throws Exception {
        BinanceHistoryClient client = client();

        assertThat(await(client.tradeAt(XRPETH, Cursor.ofId(4321)))).contains(FakeBinanceExchange.trade(XRPETH, 4321));
        assertThat(await(client.tradeAt(XRPETH, Cursor.ofId(99_999)))).isEmpty();
        assertThat(await(client.latestTrade(XRPETH))).contains(FakeBinanceExchange.trade(XRPETH, 20_000));
        assertThat(await(client.serverTime())).isEqualTo(FakeBinanceExchange.time(20_010));
    }

    @Test
    void closeFailsPendingRequests() throws Exception {
        exchange.holdAggTrades(true);
        BinanceHistoryClient client = client();
        CompletableFuture<List<Trade>> pending = client.fetch(gap(100, 201));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (exchange.served(AGG_TRADES).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        client.close();

        assertThatThrownBy(() -> await(pending)).cause().isInstanceOf(HistoryException.class);
    }

    /** Records what the client reports. */
    static final class RecordingListener implements HistoryListener {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger pagesRejected = new AtomicInteger();
        final List<String> retries = Collections.synchronizedList(new ArrayList<>());
        final List<String> rateLimited = Collections.synchronizedList(new ArrayList<>());
        final List<String> rejections = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void requestStarted(StreamId stream) {
            started.incrementAndGet();
        }

        @Override
        public void requestFinished(StreamId stream) {
            finished.incrementAndGet();
        }

        @Override
        public void retried(StreamId stream, String reason) {
            retries.add(reason);
        }

        @Override
        public void rateLimited(StreamId stream, String reason, Duration wait) {
            rateLimited.add(reason.replace("HTTP ", "") + " " + wait); // "HTTP 429" waiting 1 s: "429 PT1S"
        }

        @Override
        public void pageRejected(StreamId stream, String reason) {
            pagesRejected.incrementAndGet();
            rejections.add(reason);
        }
    }
}
