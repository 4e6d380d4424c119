package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP GraphQL queries against the simulator through a real OkHttp client: paging, datasets, auth, errors, faults. */
class BitqueryQueryITCase {

    private static final String TOKEN = BitquerySubscriptionITCase.TOKEN;
    private static final List<SwapPool> POOLS = BitquerySubscriptionITCase.POOLS;
    private static final Instant CHAIN_START = Instant.parse("2024-01-05T00:00:00Z");
    /** Ten hours of blocks; the clock stands (almost still) at their end. */
    private static final int BLOCKS = 3_000;
    private static final Instant NOW = CHAIN_START.plusSeconds(BLOCKS * 12L);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http = new OkHttpClient();
    private BitquerySimulator sim;

    @BeforeEach
    void start() {
        sim = simulator(240);
        sim.start();
    }

    private static BitquerySimulator simulator(int requestsPerMinute) {
        return BitquerySimulator.builder()
                .synthetic(POOLS, 11)
                .syntheticBlocks(BLOCKS)
                .syntheticStart(CHAIN_START)
                .clock(SimClock.accelerated(NOW, 1e-6))
                .archiveDelay(Duration.ofHours(1))
                .realtimeWindow(Duration.ofHours(8))
                .requestsPerMinute(requestsPerMinute)
                .token(TOKEN)
                .build();
    }

    @AfterEach
    void close() {
        sim.close();
        assertThat(sim.stats().transport().internalErrors()).isZero();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private record Answer(int code, JsonNode body, String retryAfter, Duration took) {
    }

    private Answer post(String query, String authorization, String urlSuffix) throws IOException {
        Request.Builder request = new Request.Builder().url(sim.httpUrl() + urlSuffix)
                .post(RequestBody.create(JSON.writeValueAsString(JSON.createObjectNode().put("query", query)), JSON_TYPE));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long began = System.nanoTime();
        try (Response response = http.newCall(request.build()).execute()) {
            return new Answer(response.code(), JSON.readTree(response.body().string()), response.header("Retry-After"),
                    Duration.ofNanos(System.nanoTime() - began));
        }
    }

    private Answer post(String query) throws IOException {
        return post(query, "Bearer " + TOKEN, "");
    }

    private static String rangeQuery(String dataset, long from, long to, int count, int offset) {
        return "{ EVM(network: eth, dataset: " + dataset + ") { DEXTrades(where: {Block: {Number: {ge: \"" + from
                + "\", le: \"" + to + "\"}}, Trade: {Dex: {SmartContract: {in: [\"" + POOLS.get(0).address() + "\", \""
                + POOLS.get(1).address() + "\"]}}}}, orderBy: [{ascending: Block_Number}, {ascending: Log_Index}],"
                + " limit: {count: " + count + ", offset: " + offset + "}) { Block { Number Time Hash }"
                + " Transaction { Hash Index } Log { Index } Trade { Buy { Amount Currency { SmartContract Decimals } }"
                + " Sell { Amount Currency { SmartContract Decimals } } Dex { SmartContract } } } } }";
    }

    private static JsonNode trades(Answer answer) {
        assertThat(answer.code()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        return answer.body().path("data").path("EVM").path("DEXTrades");
    }

    @Test
    void aRangeQueryPagedToTheEndEqualsAllSwapsOfTheRange() throws IOException {
        long first = BitquerySimulatorBuilder.SYNTHETIC_FIRST_BLOCK + 500;
        long last = first + 700;
        List<ExpectedTrades.Key> paged = new ArrayList<>();
        int pages = 0;
        while (true) {
            JsonNode page = trades(post(rangeQuery("combined", first, last, 100, pages * 100)));
            pages++;
            paged.addAll(ExpectedTrades.ofRows(page, POOLS));
            if (page.size() < 100) {
                break;
            }
        }
        List<DexSwap> expected = sim.allSwaps().stream()
                .filter(s -> s.blockNumber() >= first && s.blockNumber() <= last).toList();
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(paged).containsExactlyElementsOf(ExpectedTrades.of(expected));
        assertThat(pages).isEqualTo(expected.size() / 100 + 1);
        assertThat(sim.stats().tradesServed()).isEqualTo(expected.size());
    }

    @Test
    void archiveLagsByItsDelayRealtimeHoldsOnlyTheNewerBlocksAndCombinedJoinsThem() throws IOException {
        long archivedUpTo = NOW.minus(Duration.ofHours(1)).getEpochSecond();
        long from = BitquerySimulatorBuilder.SYNTHETIC_FIRST_BLOCK;
        long to = from + BLOCKS;
        List<ExpectedTrades.Key> archive = ExpectedTrades.ofRows(trades(post(rangeQuery("archive", from, to, 25_000, 0))), POOLS);
        List<ExpectedTrades.Key> realtime = ExpectedTrades.ofRows(trades(post(rangeQuery("realtime", from, to, 25_000, 0))), POOLS);
        List<ExpectedTrades.Key> combined = ExpectedTrades.ofRows(trades(post(rangeQuery("combined", from, to, 25_000, 0))), POOLS);
        assertThat(archive).containsExactlyElementsOf(ExpectedTrades.of(
                sim.allSwaps().stream().filter(s -> s.blockTime() <= archivedUpTo).toList()));
        assertThat(realtime).containsExactlyElementsOf(ExpectedTrades.of(
                sim.allSwaps().stream().filter(s -> s.blockTime() > archivedUpTo).toList()));
        assertThat(combined).containsExactlyElementsOf(ExpectedTrades.of(sim.allSwaps()));
        assertThat(archive).isNotEmpty();
        assertThat(realtime).isNotEmpty();
    }

    @Test
    void withoutADatasetArgumentTheQueryReadsRealtime() throws IOException {
        JsonNode rows = trades(post("{ EVM { DEXTrades(orderBy: {descending: Block_Number}, limit: {count: 1}) {"
                + " Block { Number } } } }"));
        assertThat(rows).hasSize(1);
        long newest = sim.allSwaps().get(sim.allSwaps().size() - 1).blockNumber();
        assertThat(rows.get(0).path("Block").path("Number").asText()).isEqualTo(Long.toString(newest));
        JsonNode oldest = trades(post("{ EVM { DEXTrades(orderBy: {ascending: Block_Time}, limit: {count: 1}) {"
                + " Block { Time } } } }"));
        assertThat(Instant.parse(oldest.get(0).path("Block").path("Time").asText()))
                .isAfter(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void descendingOrderReversesChainOrder() throws IOException {
        long from = BitquerySimulatorBuilder.SYNTHETIC_FIRST_BLOCK + 100;
        String query = rangeQuery("combined", from, from + 50, 25_000, 0)
                .replace("[{ascending: Block_Number}, {ascending: Log_Index}]",
                        "[{descending: Block_Number}, {descendingByField: \"Log_Index\"}]");
        List<ExpectedTrades.Key> rows = ExpectedTrades.ofRows(trades(post(query)), POOLS);
        List<ExpectedTrades.Key> expected = new ArrayList<>(ExpectedTrades.of(sim.allSwaps().stream()
                .filter(s -> s.blockNumber() >= from && s.blockNumber() <= from + 50).toList()));
        expected.sort(Comparator.comparingLong(ExpectedTrades.Key::block).thenComparingInt(ExpectedTrades.Key::logIndex)
                .reversed());
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void aMissingTokenIs401AWrongOneIs403AndTheQueryParameterWorksToo() throws IOException {
        Answer none = post("{ EVM { DEXTrades { Block { Number } } } }", null, "");
        assertThat(none.code()).isEqualTo(401);
        assertThat(none.body().path("errors").get(0).path("message").asText()).startsWith("Unauthorized");
        Answer wrong = post("{ EVM { DEXTrades { Block { Number } } } }", "Bearer not-the-token", "");
        assertThat(wrong.code()).isEqualTo(403);
        assertThat(wrong.body().toString()).doesNotContain("not-the-token").doesNotContain(TOKEN);
        Answer viaQuery = post("{ EVM { DEXTrades(limit: {count: 1}) { Block { Number } } } }", null, "?token=" + TOKEN);
        assertThat(trades(viaQuery)).hasSize(1);
        assertThat(sim.stats().authFailures()).isEqualTo(2);
    }

    @Test
    void documentsOutsideTheSchemaOrItsLimitsGetGraphqlErrors() throws IOException {
        Answer unknownField = post("{ EVM { DEXTrades { Block { Height } } } }");
        assertThat(unknownField.code()).isEqualTo(200);
        assertThat(unknownField.body().path("errors").get(0).path("message").asText()).contains("Height");
        Answer overCap = post("{ EVM { DEXTrades(limit: {count: 25001}) { Block { Number } } } }");
        assertThat(overCap.body().path("errors").get(0).path("message").asText()).contains("limit.count")
                .contains("25000");
        Answer badNumber = post("{ EVM { DEXTrades(where: {Block: {Number: {ge: \"abc\"}}}) { Block { Number } } } }");
        assertThat(badNumber.body().path("errors").get(0).path("message").asText()).contains("Block.Number.ge");
        Answer syntax = post("{ EVM { DEXTrades { Block { Number } }");
        assertThat(syntax.body().path("errors")).isNotEmpty();
        Answer subscription = post("subscription { EVM { DEXTrades { Block { Number } } } }");
        assertThat(subscription.body().path("errors").get(0).path("message").asText()).contains("WebSocket");
        assertThat(sim.stats().queryErrors()).isEqualTo(5);
    }

    @Test
    void aBodyThatIsNoGraphqlRequestIs400() throws IOException {
        Request request = new Request.Builder().url(sim.httpUrl()).header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create("[1,2]", JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(JSON.readTree(response.body().string()).path("errors").get(0).path("message").asText())
                    .contains("query");
        }
    }

    @Test
    void injected429And5xxAndSlowQueriesAnswerInGraphqlShape() throws IOException {
        String query = "{ EVM { DEXTrades(limit: {count: 1}) { Block { Number } } } }";
        sim.faults().tooManyRequests(1, Duration.ofSeconds(1));
        Answer limited = post(query);
        assertThat(limited.code()).isEqualTo(429);
        assertThat(limited.retryAfter()).isEqualTo("1");
        assertThat(limited.body().path("errors").get(0).path("message").asText()).contains("Too Many Requests");
        sim.faults().serverErrors(1, 503);
        Answer failed = post(query);
        assertThat(failed.code()).isEqualTo(503);
        assertThat(failed.body().path("errors")).isNotEmpty();
        sim.faults().slowQueries(1, Duration.ofMillis(600));
        Answer slow = post(query);
        assertThat(trades(slow)).hasSize(1);
        assertThat(slow.took()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(sim.stats().transport().injected429s()).isEqualTo(1);
        assertThat(sim.stats().transport().injected5xxs()).isEqualTo(1);
        assertThat(sim.stats().transport().slowPages()).isEqualTo(1);
    }

    @Test
    void queriesOverThePerMinuteLimitGet429() throws IOException {
        sim.close();
        sim = simulator(3);
        sim.start();
        String query = "{ EVM { DEXTrades(limit: {count: 1}) { Block { Number } } } }";
        for (int i = 0; i < 3; i++) {
            assertThat(post(query).code()).isEqualTo(200);
        }
        Answer over = post(query);
        assertThat(over.code()).isEqualTo(429);
        assertThat(Long.parseLong(over.retryAfter())).isBetween(1L, 60L);
        assertThat(sim.stats().transport().weightLimit429s()).isEqualTo(1);
    }

    @Test
    void aReorgReplacesTheNewestRealtimeBlocksInQueriesAndInAllSwaps() throws IOException {
        long from = BitquerySimulatorBuilder.SYNTHETIC_FIRST_BLOCK;
        long to = from + BLOCKS;
        List<DexSwap> before = sim.allSwaps();
        List<ExpectedTrades.Key> archiveBefore =
                ExpectedTrades.ofRows(trades(post(rangeQuery("archive", from, to, 25_000, 0))), POOLS);
        sim.faults().reorgNewestBlocks(3);
        List<DexSwap> after = sim.allSwaps();
        List<Long> newest = before.stream().map(DexSwap::blockNumber).distinct().sorted(Comparator.reverseOrder())
                .limit(3).toList();
        for (DexSwap swap : after) {
            DexSwap old = before.stream().filter(s -> s.blockNumber() == swap.blockNumber()
                    && s.logIndex() == swap.logIndex()).findFirst().orElseThrow();
            assertThat(swap.blockHash().equals(old.blockHash())).isEqualTo(!newest.contains(swap.blockNumber()));
        }
        assertThat(after.size()).isLessThanOrEqualTo(before.size());
        List<ExpectedTrades.Key> combined =
                ExpectedTrades.ofRows(trades(post(rangeQuery("combined", from, to, 25_000, 0))), POOLS);
        assertThat(combined).containsExactlyElementsOf(ExpectedTrades.of(after));
        assertThat(ExpectedTrades.ofRows(trades(post(rangeQuery("archive", from, to, 25_000, 0))), POOLS))
                .isEqualTo(archiveBefore);
        assertThat(sim.stats().reorgs()).isEqualTo(1);
        assertThat(sim.stats().reorgedBlocks()).isEqualTo(3);
    }

    @Test
    void aReorgThatWouldReachTheArchiveIsRefused() {
        int minedBlocks = (int) sim.allSwaps().stream().map(DexSwap::blockNumber).distinct().count();
        assertThatThrownBy(() -> sim.faults().reorgNewestBlocks(minedBlocks))
                .hasMessageContaining("archive holds already");
        assertThat(sim.stats().reorgs()).isZero();
    }
}
