package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.simulator.SimClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorRestITCase {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant HALT = START.plus(Duration.ofMinutes(10));
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static OkHttpClient client;

    private BinanceSimulator sim;

    /** A response read completely: status, the headers tests look at, and the body. */
    record Reply(int status, String usedWeight, String retryAfter, String body) {
        JsonNode json() {
            return TradeJson.parse(body);
        }

        List<AggTrade> trades() {
            List<AggTrade> trades = new ArrayList<>();
            json().forEach(node -> trades.add(TradeJson.trade(node, "XRPETH")));
            return trades;
        }
    }

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    }

    @AfterAll
    static void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @AfterEach
    void closeSimulator() {
        if (sim != null) {
            sim.close();
            assertThat(sim.stats().internalErrors()).isZero();
        }
    }

    /** XRPETH at 600 trades a minute, 600× real time, halted after 10 simulated minutes (1 s of wall time). */
    private BinanceSimulatorBuilder halted() {
        return BinanceSimulator.builder().symbols("XRPETH").seed(5).clock(SimClock.accelerated(START, 600))
                .tradesPerMinute(600).haltTradingAt(HALT);
    }

    private void startAndAwaitHalt(BinanceSimulatorBuilder builder) {
        sim = builder.build();
        sim.start();
        Polling.awaitTrue("simulated time past the halt", WAIT, () -> sim.clock().now().isAfter(HALT));
    }

    private Reply get(String pathAndQuery) {
        try (Response response = client.newCall(request(pathAndQuery)).execute()) {
            return new Reply(response.code(), response.header("X-MBX-USED-WEIGHT-1M"), response.header("Retry-After"),
                    response.body().string());
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + " failed", e);
        }
    }

    private Request request(String pathAndQuery) {
        return new Request.Builder().url(sim.restBaseUrl() + pathAndQuery).build();
    }

    @Test
    void pagingByFromIdReturnsTheWholeLogExactly() {
        startAndAwaitHalt(halted());
        List<AggTrade> all = sim.allTrades("XRPETH");
        List<AggTrade> paged = new ArrayList<>();
        long fromId = all.get(0).aggId();
        while (true) {
            List<AggTrade> page = get("/api/v3/aggTrades?symbol=XRPETH&limit=1000&fromId=" + fromId).trades();
            if (page.isEmpty()) {
                break;
            }
            assertThat(page).hasSizeLessThanOrEqualTo(1000);
            paged.addAll(page);
            fromId = page.get(page.size() - 1).aggId() + 1;
        }
        assertThat(all).hasSizeGreaterThan(3_000);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void startAndEndTimeSelectTheInclusiveRangeAscending() {
        startAndAwaitHalt(halted());
        List<AggTrade> all = sim.allTrades("XRPETH");
        long start = all.get(100).time();
        long end = all.get(400).time();
        List<AggTrade> expected = all.stream().filter(t -> t.time() >= start && t.time() <= end).toList();
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=1000&startTime=" + start + "&endTime=" + end).trades())
                .isEqualTo(expected);
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=5&startTime=" + start).trades())
                .isEqualTo(expected.subList(0, 5));
    }

    @Test
    void withoutCursorTheMostRecentTradesComeBack() {
        startAndAwaitHalt(halted());
        List<AggTrade> all = sim.allTrades("XRPETH");
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=3").trades()).isEqualTo(all.subList(all.size() - 3, all.size()));
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH").trades()).hasSize(500);
    }

    @Test
    void nothingAfterSimulatedNowIsEverReturned() {
        sim = BinanceSimulator.builder().symbols("XRPETH").seed(5).clock(SimClock.accelerated(START, 1))
                .tradesPerMinute(6_000).haltTradingAt(START.plus(Duration.ofHours(1))).build();
        sim.start();
        Polling.awaitTrue("first trades", WAIT, () -> sim.publishedTrades("XRPETH").size() >= 5);
        List<AggTrade> page = get("/api/v3/aggTrades?symbol=XRPETH&limit=1000&startTime=" + START.toEpochMilli()
                + "&endTime=" + START.plus(Duration.ofHours(1)).toEpochMilli()).trades();
        long nowAfter = sim.clock().nowMillis();
        List<AggTrade> all = sim.allTrades("XRPETH");
        assertThat(all.get(all.size() - 1).time()).isGreaterThan(nowAfter);
        assertThat(page).isNotEmpty().allSatisfy(t -> assertThat(t.time()).isLessThanOrEqualTo(nowAfter));
        assertThat(page).isEqualTo(all.subList(0, page.size()));
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&fromId=" + all.get(all.size() - 1).aggId()).trades()).isEmpty();
    }

    @Test
    void badParametersAnswer400WithBinanceCodes() {
        startAndAwaitHalt(halted());
        assertError(get("/api/v3/aggTrades?symbol=BTCUSDT"), 400, -1121);
        assertThat(get("/api/v3/aggTrades?symbol=BTCUSDT").body()).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        assertError(get("/api/v3/aggTrades"), 400, -1102);
        assertError(get("/api/v3/aggTrades?symbol=XRPETH&limit=5000"), 400, -1130);
        assertError(get("/api/v3/aggTrades?symbol=XRPETH&fromId=x"), 400, -1100);
        assertError(get("/api/v3/aggTrades?symbol=XRPETH&fromId=1&endTime=2"), 400, -1128);
        assertThat(get("/api/v3/nothing").status()).isEqualTo(404);
        assertThat(sim.stats().restBadRequests()).isEqualTo(6);
    }

    @Test
    void timeAndExchangeInfoDescribeTheExchange() {
        startAndAwaitHalt(halted().requestWeightLimit(1200));
        long before = sim.clock().nowMillis();
        long serverTime = get("/api/v3/time").json().get("serverTime").asLong();
        assertThat(serverTime).isBetween(before, sim.clock().nowMillis());
        JsonNode info = get("/api/v3/exchangeInfo").json();
        JsonNode weight = info.get("rateLimits").get(0);
        assertThat(weight.get("rateLimitType").asText()).isEqualTo("REQUEST_WEIGHT");
        assertThat(weight.get("interval").asText()).isEqualTo("MINUTE");
        assertThat(weight.get("intervalNum").asInt()).isEqualTo(1);
        assertThat(weight.get("limit").asInt()).isEqualTo(1200);
        assertThat(info.at("/symbols/0/symbol").asText()).isEqualTo("XRPETH");
        assertThat(info.at("/symbols/0/filters/0/tickSize").asText()).isEqualTo("0.00000001");
    }

    @Test
    void everyResponseReportsTheUsedWeight() {
        startAndAwaitHalt(halted());
        Reply first = get("/api/v3/aggTrades?symbol=XRPETH&limit=1");
        assertThat(Integer.parseInt(first.usedWeight())).isGreaterThanOrEqualTo(RestProtocol.WEIGHT_AGG_TRADES);
        assertThat(get("/api/v3/aggTrades?symbol=NOPE").usedWeight()).isNotNull();
        assertThat(Integer.parseInt(get("/api/v3/time").usedWeight())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void exceedingTheWeightLimitAnswers429WithRetryAfterAndLaterSucceeds() {
        startAndAwaitHalt(halted().requestWeightLimit(10).weightWindow(Duration.ofSeconds(2)));
        // Two pages fit (8), a third would make 12 > 10; a fresh window may start between calls, so allow for that.
        Reply refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Reply reply = get("/api/v3/aggTrades?symbol=XRPETH&limit=1");
            if (reply.status() == 429) {
                refused = reply;
            }
        }
        assertThat(refused).as("a 429 within 10 calls at limit 10").isNotNull();
        assertError(refused, 429, -1003);
        long retryAfter = Long.parseLong(refused.retryAfter());
        assertThat(retryAfter).isGreaterThanOrEqualTo(1);
        long allowedAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter);
        Polling.awaitTrue("Retry-After elapsed", WAIT, () -> System.nanoTime() - allowedAt >= 0);
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=1").status()).isEqualTo(200);
        assertThat(sim.stats().weightLimit429s()).isEqualTo(1);
        assertThat(sim.stats().bans418()).isZero();
    }

    @Test
    void callingAgainBeforeRetryAfterAnswers418() {
        startAndAwaitHalt(halted().retryAfterGrace(Duration.ZERO));
        sim.faults().tooManyRequests(1, Duration.ofSeconds(30));
        Reply told = get("/api/v3/time");
        assertThat(told.status()).isEqualTo(429);
        assertThat(Long.parseLong(told.retryAfter())).isGreaterThanOrEqualTo(1);
        Reply banned = get("/api/v3/time");
        assertThat(banned.status()).isEqualTo(418);
        assertThat(Long.parseLong(banned.retryAfter())).isGreaterThanOrEqualTo(1);
        assertThat(sim.stats().injected429s()).isEqualTo(1);
        assertThat(sim.stats().bans418()).isEqualTo(1);
    }

    @Test
    void injectedServerErrorsAnswerTheNextRequestsThenServiceResumes() {
        startAndAwaitHalt(halted());
        sim.faults().serverErrors(2, 503);
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=1").status()).isEqualTo(503);
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=1").status()).isEqualTo(503);
        assertThat(get("/api/v3/aggTrades?symbol=XRPETH&limit=1").status()).isEqualTo(200);
        assertThat(sim.stats().injected5xxs()).isEqualTo(2);
    }

    @Test
    void aPageThatSkipsAnIdIsServedOnceOnDemand() {
        startAndAwaitHalt(halted());
        long first = sim.allTrades("XRPETH").get(0).aggId();
        sim.faults().skipIdInPages(1);
        List<Long> broken = ids(get("/api/v3/aggTrades?symbol=XRPETH&limit=10&fromId=" + first).trades());
        assertThat(broken).hasSize(9).doesNotContain(first + 5).startsWith(first).endsWith(first + 9);
        List<Long> whole = ids(get("/api/v3/aggTrades?symbol=XRPETH&limit=10&fromId=" + first).trades());
        assertThat(whole).hasSize(10).contains(first + 5);
        assertThat(sim.stats().skippedIdPages()).isEqualTo(1);
    }

    @Test
    void aSlowPageDoesNotHoldUpOtherRequests() throws Exception {
        startAndAwaitHalt(halted());
        sim.faults().slowPages(1, Duration.ofSeconds(3));
        long sentAt = System.nanoTime();
        CompletableFuture<Integer> slow = new CompletableFuture<>();
        client.newCall(request("/api/v3/aggTrades?symbol=XRPETH&limit=1")).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                slow.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    slow.complete(response.code());
                }
            }
        });
        Polling.awaitTrue("the slow page was taken", WAIT, () -> sim.stats().slowPages() == 1);
        assertThat(get("/api/v3/time").status()).isEqualTo(200);
        assertThat(slow).isNotDone();
        assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(System.nanoTime() - sentAt).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(3));
    }

    private static List<Long> ids(List<AggTrade> trades) {
        return trades.stream().map(AggTrade::aggId).toList();
    }

    private static void assertError(Reply reply, int status, int code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("code").asInt()).isEqualTo(code);
        assertThat(reply.json().get("msg").asText()).isNotBlank();
    }
}
